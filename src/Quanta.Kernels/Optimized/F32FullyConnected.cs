namespace Quanta.Kernels;

/// <summary>
/// Float fully-connected layer (TFLite FULLY_CONNECTED, y = x·Wᵀ + bias with W [units, depth])
/// on the GEMM microkernels: weights and bias packed once; a batch of one runs the matrix-vector
/// kernel over blocks of panels, larger batches the 6-row GEMM tiles.
/// </summary>
/// <typeparam name="TVector">The vector type.</typeparam>
public sealed unsafe class F32FullyConnected<TVector> : IParallelTask where TVector : struct, IFloatVector<TVector>
{
    private const int PanelsPerTask = 4;
    private readonly int _batch, _units, _depth, _nr, _rowTiles, _blocks;
    private readonly AlignedFloats _packed;
    private readonly float _min, _max;
    private float* _x, _y;

    /// <summary>Packs the weights.</summary>
    /// <param name="batch">Rows of the input [batch, depth].</param>
    /// <param name="units">Outputs per row.</param>
    /// <param name="depth">Inputs per row.</param>
    /// <param name="weights">[units, depth].</param>
    /// <param name="bias">[units], or empty.</param>
    /// <param name="min">Lower clamp.</param>
    /// <param name="max">Upper clamp.</param>
    public F32FullyConnected(int batch, int units, int depth, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float min, float max)
    {
        (_batch, _units, _depth, _min, _max) = (batch, units, depth, min, max);
        _nr = F32GemmMinmax<TVector>.NR;
        _packed = F32GemmPacking.PackRows(weights, bias, units, depth, _nr);
        _rowTiles = (batch + F32GemmMinmax<TVector>.MR - 1) / F32GemmMinmax<TVector>.MR;
        int panels = (units + _nr - 1) / _nr;
        _blocks = (panels + PanelsPerTask - 1) / PanelsPerTask;
    }

    /// <summary>Tasks per run.</summary>
    public int TaskCount => _rowTiles * _blocks;

    /// <summary>Runs the layer.</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, IParallelRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (input.Length < (long)_batch * _depth || output.Length < (long)_batch * _units)
            throw new ArgumentException($"input {input.Length} / output {output.Length} elements are too few for {_batch} × {_depth} → {_units}");
        fixed (float* x = input, y = output)
        {
            _x = x;
            _y = y;
            runner.Run(this, TaskCount);
            _x = _y = null;
        }
    }

    /// <inheritdoc/>
    public void Execute(int index)
    {
        const int MR = 6;
        int block = index / _rowTiles, tile = index % _rowTiles;
        int n0 = block * PanelsPerTask * _nr, nc = Math.Min(PanelsPerTask * _nr, _units - n0);
        float* packed = _packed.Pointer;
        {
            float* w = packed + (long)n0 * (_depth + 1);
            if (_batch == 1)
            {
                F32GemvMinmax<TVector>.Run(nc, _depth, _x, w, _y + n0, _min, _max);
                return;
            }
            int m0 = tile * MR, mr = Math.Min(MR, _batch - m0);
            F32GemmMinmax<TVector>.Run(mr, nc, _depth, _x + (long)m0 * _depth, _depth, w, _y + (long)m0 * _units + n0, _units, _min, _max);
        }
    }
}
