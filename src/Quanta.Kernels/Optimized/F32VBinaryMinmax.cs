using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>An element-wise float operation on vectors and scalars (the operator structs of
/// <see cref="F32VBinaryMinmax{TVector}"/>).</summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public interface IF32BinaryOp<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>The operation on vectors.</summary>
    static abstract TVector Apply(TVector a, TVector b);

    /// <summary>The operation on one pair.</summary>
    static abstract float Apply(float a, float b);
}

/// <summary>a + b.</summary>
public readonly struct F32AddOp<TVector> : IF32BinaryOp<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <inheritdoc/>
    public static TVector Apply(TVector a, TVector b) => TVector.Add(a, b);

    /// <inheritdoc/>
    public static float Apply(float a, float b) => a + b;
}

/// <summary>a · b.</summary>
public readonly struct F32MulOp<TVector> : IF32BinaryOp<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <inheritdoc/>
    public static TVector Apply(TVector a, TVector b) => TVector.Multiply(a, b);

    /// <inheritdoc/>
    public static float Apply(float a, float b) => a * b;
}

/// <summary>
/// Element-wise float ADD/MUL with the fused min/max clamp in the same pass (XNNPACK's
/// f32-vadd-minmax / f32-vmul-minmax): <c>y[i] = clamp(a[i] ∘ b[i or 0], min, max)</c>, with b
/// either a full operand or one value broadcast to every element. Both operations are exact per
/// element and commutative, so the result equals the reference bit for bit.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public static unsafe class F32VBinaryMinmax<TVector> where TVector : struct, IFloatVector<TVector>
{
    /// <summary>y = clamp(a ∘ b) over <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TOp>(nint n, float* a, float* b, float* y, float min, float max) where TOp : struct, IF32BinaryOp<TVector>
    {
        int lanes = TVector.Count;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        nint i = 0;
        for (; i + 2 * lanes <= n; i += 2 * lanes)
        {
            var r0 = TOp.Apply(TVector.Load(a + i), TVector.Load(b + i));
            var r1 = TOp.Apply(TVector.Load(a + i + lanes), TVector.Load(b + i + lanes));
            F32Tile.Store2(y + i, r0, r1, vmin, vmax);
        }
        for (; i < n; i++) y[i] = MathF.Min(MathF.Max(TOp.Apply(a[i], b[i]), min), max);
    }

    /// <summary>y = clamp(a ∘ b) with one b for all <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunScalar<TOp>(nint n, float* a, float b, float* y, float min, float max) where TOp : struct, IF32BinaryOp<TVector>
    {
        int lanes = TVector.Count;
        var vmin = TVector.Splat(min);
        var vmax = TVector.Splat(max);
        var vb = TVector.Splat(b);
        nint i = 0;
        for (; i + 2 * lanes <= n; i += 2 * lanes)
            F32Tile.Store2(y + i, TOp.Apply(TVector.Load(a + i), vb), TOp.Apply(TVector.Load(a + i + lanes), vb), vmin, vmax);
        for (; i < n; i++) y[i] = MathF.Min(MathF.Max(TOp.Apply(a[i], b), min), max);
    }
}
