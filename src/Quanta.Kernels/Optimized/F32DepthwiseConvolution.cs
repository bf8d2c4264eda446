namespace Quanta.Kernels;

/// <summary>
/// NHWC float depthwise convolution (TFLite DEPTHWISE_CONV_2D with multiplier 1) on
/// <see cref="F32DwconvMinmax{TVector}"/>: weights packed once, one indirection pointer per output
/// pixel and tap, tasks of whole output rows.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32DepthwiseConvolution<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    private readonly Conv2DGeometry _g;
    private readonly AlignedFloats _packed;
    private readonly IndirectionBuffer _indirection;
    private readonly float _min, _max;
    private float** _pointers;
    private float* _y;

    /// <summary>Packs the weights and plans the work.</summary>
    /// <param name="geometry">Shapes and window; OutputChannels must equal InputChannels.</param>
    /// <param name="filter">Weights [1, KH, KW, C].</param>
    /// <param name="bias">Bias per channel, or empty.</param>
    /// <param name="min">Lower clamp (−∞ for none).</param>
    /// <param name="max">Upper clamp (+∞ for none).</param>
    /// <exception cref="ArgumentException">A depth multiplier other than 1.</exception>
    public F32DepthwiseConvolution(Conv2DGeometry geometry, ReadOnlySpan<float> filter, ReadOnlySpan<float> bias, float min, float max)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.OutputChannels != geometry.InputChannels)
            throw new ArgumentException($"depth multiplier {geometry.OutputChannels}/{geometry.InputChannels} is not 1", nameof(geometry));
        _g = geometry;
        (_min, _max) = (min, max);
        _packed = F32DwconvMinmax<TVector>.Pack(filter, bias, geometry.InputChannels, geometry.Taps);
        _indirection = new IndirectionBuffer(geometry, 1, 0f, geometry.InputChannels);
    }

    /// <summary>Tasks per run: one per output row of every image.</summary>
    public int TaskCount => _g.Batch * _g.Height.OutputSize;

    /// <summary>Multiply-accumulates per run.</summary>
    public long Macs => _g.OutputElements * _g.Taps;

    /// <summary>Runs the convolution.</summary>
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
    public void Execute(int index)
    {
        int width = _g.Width.OutputSize, channels = _g.InputChannels, taps = _g.Taps;
        float* w = _packed.Pointer;
        {
            for (int m = index * width, end = m + width; m < end; m += F32DwconvMinmax<TVector>.Pixels)
            {
                int pixels = Math.Min(F32DwconvMinmax<TVector>.Pixels, end - m);
                F32DwconvMinmax<TVector>.Run(pixels, channels, taps, _pointers + (long)m * taps, w, _y + (long)m * channels, _min, _max);
            }
        }
    }
}
