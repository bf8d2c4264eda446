using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>Checks and attribute readers shared by the neural-net kernel bindings.</summary>
internal static class NeuralNetBinding
{
    /// <summary>Requires the present inputs among <paramref name="indices"/> to be float32 (the float
    /// reference kernels read them as float spans).</summary>
    /// <exception cref="UnsupportedException">One has another type.</exception>
    public static void RequireFloat32(KernelContext context, params int[] indices)
    {
        foreach (int i in indices)
        {
            if (context.HasInput(i) && context.Input(i).Type != DataType.Float32)
                throw context.Unsupported($"input {i} is {context.Input(i).Type}; the float kernel needs float32");
        }
    }

    /// <summary>Reads TFLite's <c>fused_activation_function</c> (NONE when absent).</summary>
    /// <exception cref="GraphValidationException">An unknown name.</exception>
    /// <exception cref="UnsupportedException">SIGN_BIT, which no TFLite kernel implements.</exception>
    public static FusedActivation ReadActivation(KernelContext context)
    {
        string name = context.Attributes.GetString("fused_activation_function", "NONE");
        FusedActivation activation;
        try { activation = FusedActivations.Parse(name); }
        catch (ArgumentException) { throw context.Invalid($"unknown fused_activation_function '{name}'"); }
        if (activation == FusedActivation.SignBit) throw context.Unsupported("fused_activation_function SIGN_BIT is not supported");
        return activation;
    }

    /// <summary>The number of spatial axes of an NCHW input, checked to be 1 to 3.</summary>
    /// <exception cref="UnsupportedException">More than 3 spatial axes.</exception>
    public static int SpatialRank(KernelContext context, Shape input)
    {
        int spatial = input.Rank - 2;
        if (spatial is < 1 or > 3) throw context.Unsupported($"{spatial} spatial axes; the reference kernels support 1 to 3");
        return spatial;
    }

    /// <summary>Product of the dimensions from <paramref name="start"/> on (1 for none).</summary>
    public static int InnerSize(Shape shape, int start)
    {
        long n = 1;
        for (int i = start; i < shape.Rank; i++) n *= shape[i];
        return checked((int)n);
    }
}
