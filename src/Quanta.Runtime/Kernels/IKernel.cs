using Quanta.Core;

namespace Quanta.Runtime;

/// <summary>
/// A kernel bound to one node of a compiled plan. It was created once, with everything that does
/// not change between runs (attributes, shapes, packed constants, scratch buffers), and runs many
/// times without allocating.
/// </summary>
public interface IKernel
{
    /// <summary>Computes the node's outputs.</summary>
    /// <param name="inputs">Input tensors in the node's order; null for an absent optional input.</param>
    /// <param name="outputs">Output tensors, already shaped by the plan; the kernel fills them.</param>
    void Run(Tensor?[] inputs, Tensor[] outputs);
}

/// <summary>Makes a kernel for one node, or throws <see cref="UnsupportedException"/> for an
/// attribute value or type combination it does not implement.</summary>
public delegate IKernel KernelFactory(KernelContext context);

/// <summary>A kernel that says which implementation it runs, when that is not its registry entry's
/// (an optimized entry that handed a node it does not cover to the reference kernel).</summary>
public interface INamedKernel
{
    /// <summary>The implementation's name, as in <see cref="KernelEntry.Name"/>.</summary>
    string Name { get; }
}
