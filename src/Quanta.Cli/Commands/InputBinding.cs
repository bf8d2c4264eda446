using Quanta.Core;
using Quanta.Data.Images;
using Quanta.Data.TensorFiles;
using Quanta.Runtime;

namespace Quanta.Cli.Commands;

/// <summary>A model input and the file that fills it.</summary>
/// <param name="Input">The model's input.</param>
/// <param name="File">The file it was read from.</param>
/// <param name="Value">The tensor read.</param>
internal sealed record BoundInput(TensorInfo Input, string File, Tensor Value);

/// <summary>
/// Turns <c>--input [NAME=]FILE</c> arguments into the model's input tensors. A spec is by name
/// when the text before its first '=' is one of the model's input names; otherwise the whole spec
/// is a file that fills the next input not given by name, in the model's order.
/// </summary>
internal static class InputBinding
{
    /// <summary>Reads every input's file and checks it against the input's type and shape.</summary>
    /// <exception cref="InvalidInputException">Unknown name, an input given twice or not at all,
    /// too many files, or a file whose type or shape does not fit its input.</exception>
    /// <exception cref="Quanta.Data.DataFormatException">A file is missing or malformed.</exception>
    public static BoundInput[] Bind(IReadOnlyList<TensorInfo> inputs, IReadOnlyList<string> specs, ImageTensorOptions imageOptions)
    {
        var files = new string?[inputs.Count];
        var positional = new List<string>();
        foreach (string spec in specs)
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            int index = eq > 0 ? IndexOf(inputs, spec[..eq]) : -1;
            if (index >= 0)
            {
                if (files[index] is not null)
                    throw new InvalidInputException($"input '{inputs[index].Name}' is given twice ({files[index]} and {spec[(eq + 1)..]})");
                files[index] = spec[(eq + 1)..];
            }
            else if (eq > 0 && !File.Exists(spec))
            {
                throw new InvalidInputException($"--input {spec}: the model has no input named '{spec[..eq]}' (inputs: {Names(inputs)})");
            }
            else
            {
                positional.Add(spec);
            }
        }
        int next = 0;
        foreach (string file in positional)
        {
            while (next < files.Length && files[next] is not null) next++;
            if (next == files.Length)
                throw new InvalidInputException($"--input {file}: the model takes {inputs.Count} input{(inputs.Count == 1 ? "" : "s")} ({Names(inputs)}), all already given");
            files[next] = file;
        }
        for (int i = 0; i < files.Length; i++)
        {
            if (files[i] is null)
                throw new InvalidInputException($"input '{inputs[i].Name}' ({Describe(inputs[i])}) is not given; add --input {inputs[i].Name}=FILE");
        }
        return inputs.Select((input, i) => Read(input, files[i]!, imageOptions)).ToArray();
    }

    private static BoundInput Read(TensorInfo input, string file, ImageTensorOptions imageOptions)
    {
        string extension = Path.GetExtension(file);
        bool protobuf = extension.Equals(".pb", StringComparison.OrdinalIgnoreCase);
        // A rank-unknown input can only be filled from a file that carries its own shape.
        var shape = input.Shape ?? (protobuf || extension.Equals(".npy", StringComparison.OrdinalIgnoreCase)
            ? Shape.Scalar
            : throw new InvalidInputException($"input '{input.Name}' has an unknown shape; give it as .npy or .pb"));
        // An ONNX TensorProto (as in ONNX's test data sets) carries its own type and shape.
        var tensor = protobuf ? Formats.Onnx.OnnxTensorReader.ReadFile(file) : TensorFile.Read(file, input.Type, shape, imageOptions);
        if (tensor.Type != input.Type)
            throw new InvalidInputException($"{file}: holds {tensor.Type} but input '{input.Name}' is {input.Type}");
        if (input.Shape is { } declared && !Fits(declared, tensor.Shape))
            throw new InvalidInputException($"{file}: has shape {tensor.Shape} but input '{input.Name}' is {declared}");
        return new BoundInput(input, file, input.Quant is null ? tensor : tensor.WithQuant(input.Quant));
    }

    private static bool Fits(Shape declared, Shape actual)
    {
        if (declared.Rank != actual.Rank) return false;
        for (int d = 0; d < declared.Rank; d++)
        {
            if (declared[d] != Shape.Unknown && declared[d] != actual[d]) return false;
        }
        return true;
    }

    private static int IndexOf(IReadOnlyList<TensorInfo> inputs, string name)
    {
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Name == name) return i;
        }
        return -1;
    }

    private static string Names(IReadOnlyList<TensorInfo> inputs) => string.Join(", ", inputs.Select(i => i.Name));

    private static string Describe(TensorInfo input) => $"{InspectCommand.TypeName(input.Type)} {input.Shape?.ToString() ?? "[?]"}";
}
