namespace Quanta.Core;

/// <summary>
/// Affine quantization parameters: <c>real = scale × (q − zeroPoint)</c>, either one pair for the
/// whole tensor or one pair per index along <see cref="Axis"/> (per-channel weights).
/// </summary>
/// <remarks>Immutable. Validation against a tensor's type and shape is <see cref="Validate"/>'s job,
/// so that importers can report a bad parameter set with the tensor's name.</remarks>
public sealed class QuantParams : IEquatable<QuantParams>
{
    private readonly float[] _scales;
    private readonly int[] _zeroPoints;

    /// <summary>Creates per-tensor parameters.</summary>
    public QuantParams(float scale, int zeroPoint)
    {
        _scales = [scale];
        _zeroPoints = [zeroPoint];
        Axis = null;
    }

    /// <summary>Creates per-axis parameters (or per-tensor when <paramref name="axis"/> is null).</summary>
    /// <exception cref="ArgumentException">The arrays are empty or their lengths differ.</exception>
    public QuantParams(float[] scales, int[] zeroPoints, int? axis)
    {
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(zeroPoints);
        if (scales.Length == 0)
            throw new ArgumentException("at least one scale is required", nameof(scales));
        if (zeroPoints.Length != scales.Length)
            throw new ArgumentException($"{scales.Length} scales but {zeroPoints.Length} zero points", nameof(zeroPoints));
        if (axis is null && scales.Length != 1)
            throw new ArgumentException($"per-tensor parameters need exactly one scale, got {scales.Length}", nameof(scales));
        _scales = (float[])scales.Clone();
        _zeroPoints = (int[])zeroPoints.Clone();
        Axis = axis;
    }

    /// <summary>The scales: one, or one per index of <see cref="Axis"/>.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary>The zero points, parallel to <see cref="Scales"/>.</summary>
    public ReadOnlySpan<int> ZeroPoints => _zeroPoints;

    /// <summary>The quantized axis, or null for per-tensor parameters.</summary>
    public int? Axis { get; }

    /// <summary>True when there is one scale and zero point per index of <see cref="Axis"/>.</summary>
    public bool IsPerAxis => Axis is not null;

    /// <summary>The single scale of per-tensor parameters.</summary>
    public float Scale => _scales[0];

    /// <summary>The single zero point of per-tensor parameters.</summary>
    public int ZeroPoint => _zeroPoints[0];

    /// <summary>Number of (scale, zero point) pairs.</summary>
    public int Count => _scales.Length;

    /// <summary>
    /// Checks these parameters against a tensor: scales finite and positive, zero points within the
    /// type's range, one pair per index of the axis.
    /// </summary>
    /// <param name="tensorName">Named in the error message.</param>
    /// <param name="type">The quantized tensor's element type.</param>
    /// <param name="shape">The tensor's shape, or null when not known.</param>
    /// <exception cref="QuantizationParameterException">The parameters do not fit the tensor.</exception>
    public void Validate(string tensorName, DataType type, Shape? shape)
    {
        for (int i = 0; i < _scales.Length; i++)
        {
            if (!(_scales[i] > 0) || !float.IsFinite(_scales[i]))
                throw new QuantizationParameterException(tensorName, $"scale[{i}] = {_scales[i]} must be finite and positive");
        }
        if (type.IsInteger())
        {
            var (min, max) = type.IntegerRange();
            for (int i = 0; i < _zeroPoints.Length; i++)
            {
                if (_zeroPoints[i] < min || _zeroPoints[i] > max)
                    throw new QuantizationParameterException(tensorName, $"zero point {_zeroPoints[i]} is outside the range of {type} [{min}, {max}]");
            }
        }
        if (Axis is int axis && shape is not null)
        {
            if (axis < 0 || axis >= shape.Rank)
                throw new QuantizationParameterException(tensorName, $"quantized axis {axis} is outside a tensor of rank {shape.Rank}");
            int n = shape[axis];
            if (n != Shape.Unknown && n != _scales.Length && _scales.Length != 1)
                throw new QuantizationParameterException(tensorName, $"{_scales.Length} scales for axis {axis} of size {n}");
        }
    }

    /// <summary>Scale for index <paramref name="channel"/> of the axis (or the only scale).</summary>
    public float ScaleAt(int channel) => _scales.Length == 1 ? _scales[0] : _scales[channel];

    /// <summary>Zero point for index <paramref name="channel"/> of the axis (or the only one).</summary>
    public int ZeroPointAt(int channel) => _zeroPoints.Length == 1 ? _zeroPoints[0] : _zeroPoints[channel];

    /// <inheritdoc/>
    public bool Equals(QuantParams? other) =>
        other is not null && Axis == other.Axis &&
        _scales.AsSpan().SequenceEqual(other._scales) && _zeroPoints.AsSpan().SequenceEqual(other._zeroPoints);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as QuantParams);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Axis, _scales.Length, _scales[0], _zeroPoints[0]);

    /// <summary>Formats as <c>scale=0.0235 zp=-128</c> or <c>axis=0 scales[32]=0.001…0.02 zp=0</c>.</summary>
    public override string ToString()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        if (Axis is null)
            return string.Create(ic, $"scale={_scales[0]:G6} zp={_zeroPoints[0]}");
        bool zerosEqual = Array.TrueForAll(_zeroPoints, z => z == _zeroPoints[0]);
        string zp = zerosEqual ? _zeroPoints[0].ToString(ic) : "per-axis";
        return string.Create(ic, $"axis={Axis} scales[{_scales.Length}]={_scales.Min():G4}…{_scales.Max():G4} zp={zp}");
    }
}
