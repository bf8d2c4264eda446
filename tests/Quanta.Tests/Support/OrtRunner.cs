using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quanta.Tests.Support;

/// <summary>Runs ONNX models in ONNX Runtime (one thread, CPU) for cross-checks.</summary>
internal sealed class OrtRunner : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Loads the model; ORT throws OnnxRuntimeException when it rejects it.</summary>
    public OrtRunner(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, options);
    }

    /// <summary>Runs the model's first input on <paramref name="input"/>; returns the first output as floats.</summary>
    public float[] Run(Quanta.Core.Tensor input)
    {
        string name = _session.InputMetadata.Keys.First();
        var dims = input.Shape.Dims.ToArray();
        var tensor = new DenseTensor<float>(input.ToArray<float>(), dims);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(name, tensor)]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
