using Quanta.Core;

namespace Quanta.Quantization;

/// <summary>A quantized model in one output form, and where its counterparts of the float
/// model's values are (for per-layer comparison).</summary>
/// <param name="Model">The quantized model.</param>
/// <param name="Observables">Float value name → name of the float32 value of <paramref name="Model"/>
/// that stands for it (a DequantizeLinear output, or the same value where it stayed float).</param>
public sealed record EmittedModel(Model Model, IReadOnlyDictionary<string, string> Observables);
