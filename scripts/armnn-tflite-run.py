#!/usr/bin/python3
"""Runs an int8 TFLite model with Arm NN's TfLiteParser on the CpuRef backend.

Usage: /usr/bin/python3 scripts/armnn-tflite-run.py MODEL.tflite INPUT.bin OUTPUT.bin

INPUT.bin holds N samples of the model's (only) input, raw int8, back to back; OUTPUT.bin
receives the N outputs, raw int8. Used by Quanta's interop test (tests/Quanta.Tests/TfliteExport)
as an independent reader of Quanta's TFLite files: Debian's python3-pyarmnn, Arm NN 20.08.
Run with /usr/bin/python3 (the system interpreter that has pyarmnn), in its own process: Arm NN
aborts the process on some models it cannot take.
"""
import sys

import numpy as np
import pyarmnn as ann


def main(model_path, input_path, output_path):
    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(model_path)
    input_names = parser.GetSubgraphInputTensorNames(0)
    output_names = parser.GetSubgraphOutputTensorNames(0)
    if len(input_names) != 1 or len(output_names) != 1:
        raise SystemExit(f"expected one input and one output, got {input_names} and {output_names}")
    input_info = parser.GetNetworkInputBindingInfo(0, input_names[0])
    output_info = parser.GetNetworkOutputBindingInfo(0, output_names[0])

    runtime = ann.IRuntime(ann.CreationOptions())
    optimized, messages = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)

    sample_size = input_info[1].GetNumElements()
    data = np.fromfile(input_path, dtype=np.int8)
    if data.size % sample_size != 0:
        raise SystemExit(f"{input_path}: {data.size} bytes is not a multiple of the input size {sample_size}")
    results = []
    for sample in data.reshape(-1, sample_size):
        inputs = ann.make_input_tensors([input_info], [sample])
        outputs = ann.make_output_tensors([output_info])
        runtime.EnqueueWorkload(net_id, inputs, outputs)
        results.append(ann.workload_tensors_to_ndarray(outputs)[0].astype(np.int8).reshape(-1))
    np.concatenate(results).tofile(output_path)
    print(f"armnn {ann.ARMNN_VERSION}: {len(results)} samples, output {output_names[0]} {output_info[1].GetShape()}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
