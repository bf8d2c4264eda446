using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Quanta.Kernels;

/// <summary>
/// A SIMD vector of floats, as a static-abstract "operator" interface: each optimized float kernel
/// is written once over <typeparamref name="TSelf"/> and compiled by the JIT for
/// <see cref="Avx2Floats"/> (8 lanes, FMA) and <see cref="Vector128Floats"/> (4 lanes, SSE or NEON),
/// as TensorPrimitives does. Pointer arguments must point at <see cref="Count"/> readable floats.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public unsafe interface IFloatVector<TSelf> where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> floats (no alignment needed).</summary>
    static abstract TSelf Load(float* p);

    /// <summary>Stores <see cref="Count"/> floats.</summary>
    static abstract void Store(float* p, TSelf v);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Splat(float value);

    /// <summary>Every lane set to <c>*p</c> (one broadcast load).</summary>
    static abstract TSelf LoadSplat(float* p);

    /// <summary><c>a·b + c</c>: fused (one rounding) on AVX2, fused or not on 128-bit hardware.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary><c>a·load(p) + c</c>, written so that the load can fold into the multiply-add.</summary>
    static abstract TSelf MultiplyAddLoad(TSelf a, float* p, TSelf c);

    /// <summary><c>a·splat(*p) + c</c>, written so that the broadcast can fold into the
    /// multiply-add (an EVEX embedded broadcast where the CPU has AVX-512VL).</summary>
    static abstract TSelf MultiplyAddSplat(TSelf a, float* p, TSelf c);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>Lane-wise maximum.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>Lane-wise minimum.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);
}

/// <summary>8 floats in a 256-bit AVX register, multiply-add through FMA3. Use only when
/// <see cref="Avx2.IsSupported"/> and <see cref="Fma.IsSupported"/>.</summary>
public readonly unsafe struct Avx2Floats : IFloatVector<Avx2Floats>
{
    private readonly Vector256<float> _v;

    private Avx2Floats(Vector256<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => 8;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Load(float* p) => new(Avx.LoadVector256(p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Avx2Floats v) => Avx.Store(p, v._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Splat(float value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats LoadSplat(float* p) => new(Avx.BroadcastScalarToVector256(p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats MultiplyAdd(Avx2Floats a, Avx2Floats b, Avx2Floats c) => new(Fma.MultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats MultiplyAddLoad(Avx2Floats a, float* p, Avx2Floats c) => new(Fma.MultiplyAdd(a._v, Avx.LoadVector256(p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats MultiplyAddSplat(Avx2Floats a, float* p, Avx2Floats c) => new(Fma.MultiplyAdd(a._v, Avx.BroadcastScalarToVector256(p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Add(Avx2Floats a, Avx2Floats b) => new(Avx.Add(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Multiply(Avx2Floats a, Avx2Floats b) => new(Avx.Multiply(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Max(Avx2Floats a, Avx2Floats b) => new(Avx.Max(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx2Floats Min(Avx2Floats a, Avx2Floats b) => new(Avx.Min(a._v, b._v));
}

/// <summary>4 floats in a 128-bit vector (SSE on x86, NEON on Arm); multiply-add fused where the
/// hardware has it (<see cref="Vector128.MultiplyAddEstimate(Vector128{float}, Vector128{float}, Vector128{float})"/>).</summary>
public readonly unsafe struct Vector128Floats : IFloatVector<Vector128Floats>
{
    private readonly Vector128<float> _v;

    private Vector128Floats(Vector128<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => 4;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Load(float* p) => new(Vector128.Load(p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector128Floats v) => v._v.Store(p);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Splat(float value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats LoadSplat(float* p) => new(Vector128.Create(*p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats MultiplyAdd(Vector128Floats a, Vector128Floats b, Vector128Floats c) => new(Vector128.MultiplyAddEstimate(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats MultiplyAddLoad(Vector128Floats a, float* p, Vector128Floats c) => new(Vector128.MultiplyAddEstimate(a._v, Vector128.Load(p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats MultiplyAddSplat(Vector128Floats a, float* p, Vector128Floats c) => new(Vector128.MultiplyAddEstimate(a._v, Vector128.Create(*p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Add(Vector128Floats a, Vector128Floats b) => new(a._v + b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Multiply(Vector128Floats a, Vector128Floats b) => new(a._v * b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Max(Vector128Floats a, Vector128Floats b) => new(Vector128.Max(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Floats Min(Vector128Floats a, Vector128Floats b) => new(Vector128.Min(a._v, b._v));
}

/// <summary>16 floats in a 512-bit AVX-512 register. Use only when <see cref="Avx512F.IsSupported"/>.</summary>
public readonly unsafe struct Avx512Floats : IFloatVector<Avx512Floats>
{
    private readonly Vector512<float> _v;

    private Avx512Floats(Vector512<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => 16;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Load(float* p) => new(Avx512F.LoadVector512(p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Avx512Floats v) => Avx512F.Store(p, v._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Splat(float value) => new(Vector512.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats LoadSplat(float* p) => new(Vector512.Create(*p));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats MultiplyAdd(Avx512Floats a, Avx512Floats b, Avx512Floats c) => new(Avx512F.FusedMultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats MultiplyAddLoad(Avx512Floats a, float* p, Avx512Floats c) => new(Avx512F.FusedMultiplyAdd(a._v, Avx512F.LoadVector512(p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats MultiplyAddSplat(Avx512Floats a, float* p, Avx512Floats c) => new(Avx512F.FusedMultiplyAdd(a._v, Vector512.Create(*p), c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Add(Avx512Floats a, Avx512Floats b) => new(Avx512F.Add(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Multiply(Avx512Floats a, Avx512Floats b) => new(Avx512F.Multiply(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Max(Avx512Floats a, Avx512Floats b) => new(Avx512F.Max(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Avx512Floats Min(Avx512Floats a, Avx512Floats b) => new(Avx512F.Min(a._v, b._v));
}
