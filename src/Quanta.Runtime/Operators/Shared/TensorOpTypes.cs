using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>The type sets the tensor-op kernels are registered for.</summary>
internal static class TensorOpTypes
{
    /// <summary>Every data type: data movement depends only on the element size.</summary>
    public static readonly DataType[] All =
    [
        DataType.Float32, DataType.Float16, DataType.Int8, DataType.UInt8,
        DataType.Int16, DataType.Int32, DataType.Int64, DataType.Bool,
    ];

    /// <summary>Types that index or size tensors (shapes, axes, indices).</summary>
    public static readonly DataType[] Indices = [DataType.Int32, DataType.Int64];

}
