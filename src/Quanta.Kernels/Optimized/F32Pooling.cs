using System.Runtime.CompilerServices;

namespace Quanta.Kernels;

/// <summary>The reduction of a pooling window.</summary>
public enum F32PoolKind
{
    /// <summary>Maximum over the taps inside the input (TFLite MAX_POOL_2D).</summary>
    Max,
    /// <summary>Mean over the taps inside the input (TFLite AVERAGE_POOL_2D: padding is not counted).</summary>
    Average,
}

/// <summary>
/// NHWC float max and average pooling (XNNPACK's f32-maxpool / f32-avgpool shape): per output
/// pixel, the taps' input pixels through an indirection buffer (padding taps read −∞ for max,
/// 0 for average), reduced a vector of channels at a time, then scaled (average: by 1 / the taps
/// inside the input) and clamped, four vectors of channels at a time. Tasks are output rows.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32Pooling<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    private readonly Conv2DGeometry _g;
    private readonly F32PoolKind _kind;
    private readonly IndirectionBuffer _indirection;
    private readonly float[] _scale;
    private readonly float _min, _max;
    private float** _pointers;
    private float* _y;

    /// <summary>Plans the pooling.</summary>
    /// <param name="geometry">Shapes and window (OutputChannels = InputChannels).</param>
    /// <param name="kind">Max or average.</param>
    /// <param name="min">Lower clamp of the fused activation.</param>
    /// <param name="max">Upper clamp.</param>
    public F32Pooling(Conv2DGeometry geometry, F32PoolKind kind, float min, float max)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        _g = geometry;
        _kind = kind;
        (_min, _max) = (min, max);
        _indirection = new IndirectionBuffer(geometry, 1, kind == F32PoolKind.Max ? float.NegativeInfinity : 0f, geometry.InputChannels);
        // Divisor per output position (the same for every image): the taps inside the input.
        int positions = geometry.Height.OutputSize * geometry.Width.OutputSize;
        _scale = new float[positions];
        for (int p = 0; p < positions; p++)
        {
            int inside = 0;
            for (int t = 0; t < geometry.Taps; t++) inside += geometry.InputOffset(p, t) >= 0 ? 1 : 0;
            _scale[p] = kind == F32PoolKind.Average ? 1f / Math.Max(inside, 1) : 1f;
        }
    }

    /// <summary>Tasks per run: one per output row of every image.</summary>
    public int TaskCount => _g.Batch * _g.Height.OutputSize;

    /// <summary>Runs the pooling.</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, IParallelRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (input.Length < _g.InputElements || output.Length < _g.OutputElements)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements are too few for the geometry");
        fixed (float* x = input, y = output)
        {
            _pointers = _indirection.For(x);
            _y = y;
            runner.Run(this, TaskCount);
            _y = null;
        }
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int index)
    {
        int width = _g.Width.OutputSize, channels = _g.InputChannels, taps = _g.Taps, lanes = TVector.Count;
        int positions = _g.Height.OutputSize * width;
        var vmin = TVector.Splat(_min);
        var vmax = TVector.Splat(_max);
        bool isMax = _kind == F32PoolKind.Max;
        for (int m = index * width, end = m + width; m < end; m++)
        {
            float** x = _pointers + (long)m * taps;
            float* y = _y + (long)m * channels;
            float scale = _scale[m % positions];
            var vscale = TVector.Splat(scale);
            nint c = 0;
            // Four vectors of channels at a time: four independent max/add chains over the taps
            // (one chain waits a full add latency per tap).
            for (; c + 4 * lanes <= channels; c += 4 * lanes)
            {
                float* p = x[0] + c;
                TVector a0 = TVector.Load(p), a1 = TVector.Load(p + lanes), a2 = TVector.Load(p + 2 * lanes), a3 = TVector.Load(p + 3 * lanes);
                for (int t = 1; t < taps; t++)
                {
                    p = x[t] + c;
                    if (isMax)
                    {
                        a0 = TVector.Max(a0, TVector.Load(p));
                        a1 = TVector.Max(a1, TVector.Load(p + lanes));
                        a2 = TVector.Max(a2, TVector.Load(p + 2 * lanes));
                        a3 = TVector.Max(a3, TVector.Load(p + 3 * lanes));
                    }
                    else
                    {
                        a0 = TVector.Add(a0, TVector.Load(p));
                        a1 = TVector.Add(a1, TVector.Load(p + lanes));
                        a2 = TVector.Add(a2, TVector.Load(p + 2 * lanes));
                        a3 = TVector.Add(a3, TVector.Load(p + 3 * lanes));
                    }
                }
                if (!isMax)
                {
                    a0 = TVector.Multiply(a0, vscale);
                    a1 = TVector.Multiply(a1, vscale);
                    a2 = TVector.Multiply(a2, vscale);
                    a3 = TVector.Multiply(a3, vscale);
                }
                TVector.Store(y + c, TVector.Min(TVector.Max(a0, vmin), vmax));
                TVector.Store(y + c + lanes, TVector.Min(TVector.Max(a1, vmin), vmax));
                TVector.Store(y + c + 2 * lanes, TVector.Min(TVector.Max(a2, vmin), vmax));
                TVector.Store(y + c + 3 * lanes, TVector.Min(TVector.Max(a3, vmin), vmax));
            }
            for (; c + lanes <= channels; c += lanes)
            {
                var acc = TVector.Load(x[0] + c);
                for (int t = 1; t < taps; t++)
                {
                    var v = TVector.Load(x[t] + c);
                    acc = isMax ? TVector.Max(acc, v) : TVector.Add(acc, v);
                }
                if (!isMax) acc = TVector.Multiply(acc, vscale);
                TVector.Store(y + c, TVector.Min(TVector.Max(acc, vmin), vmax));
            }
            for (; c < channels; c++)
            {
                float acc = x[0][c];
                for (int t = 1; t < taps; t++) acc = isMax ? MathF.Max(acc, x[t][c]) : acc + x[t][c];
                if (!isMax) acc *= scale;
                y[c] = MathF.Min(MathF.Max(acc, _min), _max);
            }
        }
    }
}
