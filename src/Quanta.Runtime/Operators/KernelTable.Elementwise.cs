using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

public static partial class KernelTable
{
    static partial void AddElementwise(KernelRegistry r)
    {
        r.Add(new KernelEntry(OpDomains.Onnx, "Add", DataType.Float32, Isa.Reference, "f32-add-ref", c => new BinaryFloatKernel<AddOperator>(c)));
        r.Add(new KernelEntry(OpDomains.Onnx, "Relu", DataType.Float32, Isa.Reference, "f32-relu-ref", _ => new UnaryFloatKernel<ReluOperator>()));
    }
}
