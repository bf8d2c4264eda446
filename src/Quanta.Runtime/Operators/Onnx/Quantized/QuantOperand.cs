using Quanta.Core;
using Quanta.Kernels;

namespace Quanta.Runtime;

/// <summary>
/// The scale and zero point of one quantized operand of an ONNX quantized op (QuantizeLinear's
/// y_scale/y_zero_point, QLinearConv's w_scale/w_zero_point, …), which ONNX passes as inputs.
/// </summary>
/// <remarks>
/// Shapes and types are checked at bind time. The values are read and checked once at bind time when
/// both inputs are constants; otherwise (the node tests feed them as graph inputs) on every run, into
/// arrays allocated at bind time, so a run allocates nothing. Every problem is a
/// <see cref="QuantizationParameterException"/> naming the tensor: a missing scale, a scale that is
/// not float32, of the wrong length, zero, negative or not finite, a zero point of another type than
/// the data, of another length than the scale, or non-zero for int32 data.
/// </remarks>
internal sealed class QuantOperand
{
    private readonly string _op;
    private readonly string _scaleName;
    private readonly string _zeroPointName;
    private readonly int _scaleIndex;
    private readonly int _zeroPointIndex;
    private readonly DataType _dataType;
    private readonly float[] _scales;
    private readonly int[] _zeroPoints;

    private QuantOperand(KernelContext c, string role, int scaleIndex, int zeroPointIndex, DataType dataType, int channels, bool zeroPointRequired, Shape? fullShape)
    {
        _op = $"{c.Node.OpType} '{c.Node.Name}'";
        _scaleIndex = scaleIndex;
        _zeroPointIndex = zeroPointIndex;
        _dataType = dataType;
        _scaleName = scaleIndex < 0 ? "" : QLinearBinding.InputName(c, scaleIndex, $"{role}_scale");
        _zeroPointName = QLinearBinding.InputName(c, zeroPointIndex, $"{role}_zero_point");
        bool hasZeroPoint = c.HasInput(zeroPointIndex);
        int count;
        if (scaleIndex >= 0)
        {
            if (!c.HasInput(scaleIndex)) throw Error(_scaleName, $"the {role} scale is missing");
            var scale = c.Input(scaleIndex);
            if (scale.Type != DataType.Float32) throw Error(_scaleName, $"the {role} scale is {scale.Type}; it must be float32");
            count = ParameterCount(_scaleName, scale.Shape!, channels, fullShape, $"{role} scale");
        }
        else
        {
            count = hasZeroPoint ? ParameterCount(_zeroPointName, c.Input(zeroPointIndex).Shape!, channels, fullShape, $"{role} zero point") : 1;
        }
        if (!hasZeroPoint && zeroPointRequired) throw Error(_zeroPointName, $"the {role} zero point is missing");
        if (hasZeroPoint)
        {
            var zp = c.Input(zeroPointIndex);
            if (zp.Type != dataType)
                throw Error(_zeroPointName, $"the {role} zero point is {zp.Type}; it must be {dataType}, the type of the data it offsets");
            if (zp.Shape!.ElementCount != count)
                throw Error(_zeroPointName, $"the {role} zero point has shape {zp.Shape} but the scale has {count} value(s); they must match");
        }
        _scales = new float[count];
        _scales.AsSpan().Fill(1f);
        _zeroPoints = new int[count];
        IsConstant = (scaleIndex < 0 || c.InputData(scaleIndex) is not null) && (!hasZeroPoint || c.InputData(zeroPointIndex) is not null);
        if (IsConstant) Load(scaleIndex < 0 ? null : c.InputData(scaleIndex), hasZeroPoint ? c.InputData(zeroPointIndex) : null);
    }

    /// <summary>True when both values were read at bind time.</summary>
    public bool IsConstant { get; }

    /// <summary>1 (per tensor) or the number of channels.</summary>
    public int Count => _scales.Length;

    /// <summary>The scales, as of the last <see cref="Refresh"/>.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary>The zero points (0 when absent).</summary>
    public ReadOnlySpan<int> ZeroPoints => _zeroPoints;

    /// <summary>The first (per-tensor) scale and zero point.</summary>
    public AffineQuant PerTensor => new(_scales[0], _zeroPoints[0]);

    /// <summary>The scale of channel <paramref name="c"/> (of the only one when per tensor).</summary>
    public float ScaleAt(int c) => _scales.Length == 1 ? _scales[0] : _scales[c];

    /// <summary>
    /// Binds the operand whose scale is input <paramref name="scaleIndex"/> and zero point input
    /// <paramref name="zeroPointIndex"/> of data of type <paramref name="dataType"/>: per tensor, or
    /// per channel when <paramref name="channels"/> is above 1.
    /// </summary>
    /// <exception cref="QuantizationParameterException">A check above fails.</exception>
    public static QuantOperand Bind(KernelContext c, string role, int scaleIndex, int zeroPointIndex, DataType dataType, int channels = 1, bool zeroPointRequired = false) =>
        new(c, role, scaleIndex, zeroPointIndex, dataType, channels, zeroPointRequired, null);

    /// <summary>
    /// Like the other <c>Bind</c>, also admitting parameters of exactly <paramref name="fullShape"/>
    /// (QLinearMatMul's [D…, M, 1] per-row and [D…, 1, N] per-column forms).
    /// </summary>
    public static QuantOperand Bind(KernelContext c, string role, int scaleIndex, int zeroPointIndex, DataType dataType, int channels, Shape? fullShape) =>
        new(c, role, scaleIndex, zeroPointIndex, dataType, channels, false, fullShape);

    /// <summary>
    /// Binds an optional zero point without a scale (ConvInteger, MatMulInteger): a scalar, one per
    /// channel (1-D), or — when <paramref name="fullShape"/> is given — a tensor of exactly that shape
    /// (MatMulInteger's [D…, M, 1] per-row form).
    /// </summary>
    public static QuantOperand BindZeroPoint(KernelContext c, string role, int zeroPointIndex, DataType dataType, int channels = 1, Shape? fullShape = null) =>
        new(c, role, -1, zeroPointIndex, dataType, channels, false, fullShape);

    /// <summary>Reads and checks the run-time values (nothing when constant); allocates nothing.</summary>
    /// <exception cref="QuantizationParameterException">A value is invalid.</exception>
    public void Refresh(Tensor?[] inputs)
    {
        if (IsConstant) return;
        Load(_scaleIndex < 0 ? null : inputs[_scaleIndex], _zeroPointIndex < inputs.Length ? inputs[_zeroPointIndex] : null);
    }

    private void Load(Tensor? scale, Tensor? zeroPoint)
    {
        scale?.AsSpan<float>().CopyTo(_scales);
        if (zeroPoint is null) Array.Clear(_zeroPoints);
        else ReadIntegers(zeroPoint, _zeroPoints);
        for (int i = 0; i < _scales.Length; i++)
        {
            float s = _scales[i];
            if (!(s > 0) || !float.IsFinite(s))
                throw Error(_scaleName, $"scale[{i}] = {s.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be finite and positive");
            if (_dataType == DataType.Int32 && _zeroPoints[i] != 0)
                throw Error(_zeroPointName, $"zero point[{i}] = {_zeroPoints[i]} is out of range: int32 data takes zero point 0");
        }
    }

    private static void ReadIntegers(Tensor t, Span<int> destination)
    {
        switch (t.Type)
        {
            case DataType.Int8: Widen(t.AsSpan<sbyte>(), destination); break;
            case DataType.UInt8: Widen(t.AsSpan<byte>(), destination); break;
            case DataType.Int16: Widen(t.AsSpan<short>(), destination); break;
            default: t.AsSpan<int>()[..destination.Length].CopyTo(destination); break;
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<int> destination) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = int.CreateTruncating(source[i]);
    }

    private int ParameterCount(string name, Shape shape, int channels, Shape? fullShape, string what)
    {
        long count = shape.ElementCount;
        if (fullShape is not null && shape == fullShape) return checked((int)count);
        if (shape.Rank > 1) throw Error(name, $"the {what} has shape {shape}; it must be a scalar or 1-D");
        if (count == 1 || (count == channels && shape.Rank == 1)) return (int)count;
        string expected = channels > 1 ? $"1 or {channels} (one per channel)" : "1 (per tensor)";
        throw Error(name, $"the {what} has {count} values; expected {expected}");
    }

    private QuantizationParameterException Error(string tensor, string problem) => new(tensor, $"{_op}: {problem}");
}
