using Google.Protobuf;
using Quanta.Core;
using ModelProto = Onnx.ModelProto;

namespace Quanta.Formats.Onnx;

/// <summary>Reads ONNX models (opsets 7–17) into Quanta's IR.</summary>
/// <remarks>
/// Nodes of other default-domain opsets are upgraded (or, past 17, downgraded) to their
/// opset-17 form as decision 0002 says; a node whose meaning cannot be carried over is an
/// <see cref="UnsupportedException"/> naming it. Whatever the bytes, the importer returns a
/// verified model or throws a <see cref="QuantaException"/>: protobuf errors and anything
/// unexpected become a <see cref="ModelFormatException"/>.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>Imports an ONNX model.</summary>
    /// <param name="bytes">The .onnx file's contents.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <param name="baseDirectory">The model's folder, where external data files must lie; null when unknown.</param>
    /// <returns>The model; <see cref="Model.SourceBytes"/> counts external data bytes only.</returns>
    /// <exception cref="ModelFormatException">Malformed protobuf or inconsistent model.</exception>
    /// <exception cref="UnsupportedException">A data type, value kind or old op form Quanta cannot represent.</exception>
    /// <exception cref="GraphValidationException">The graph contradicts an op's schema (found by shape inference).</exception>
    public static Model Import(byte[] bytes, string sourceName, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Import(() => ModelProto.Parser.ParseFrom(bytes), sourceName, baseDirectory);
    }

    /// <summary>Imports an ONNX model read from a stream, without holding the whole file in memory
    /// beside the parsed message (the large weights are then held once, not twice, while importing).</summary>
    /// <param name="stream">The .onnx file's contents, read to the end.</param>
    /// <param name="sourceName">Named in error messages.</param>
    /// <param name="baseDirectory">The model's folder, where external data files must lie; null when unknown.</param>
    /// <returns>The model; <see cref="Model.SourceBytes"/> counts external data bytes only.</returns>
    /// <exception cref="ModelFormatException">Malformed protobuf, inconsistent model, or the stream cannot be read.</exception>
    /// <exception cref="UnsupportedException">A data type, value kind or old op form Quanta cannot represent.</exception>
    /// <exception cref="GraphValidationException">The graph contradicts an op's schema (found by shape inference).</exception>
    public static Model Import(Stream stream, string sourceName, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        return Import(() => ModelProto.Parser.ParseFrom(stream), sourceName, baseDirectory);
    }

    private static Model Import(Func<ModelProto> parse, string sourceName, string? baseDirectory)
    {
        try
        {
            return ImportModel(parse(), sourceName, baseDirectory);
        }
        catch (QuantaException)
        {
            throw;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(sourceName, $"not a valid ONNX model (the protobuf data is malformed: {e.Message})", e);
        }
        catch (IOException e)
        {
            throw new ModelFormatException(sourceName, $"cannot read the model: {e.Message}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A hostile file must not surface as an arbitrary exception (IndexOutOfRange,
            // Overflow, Argument...): whatever slipped past the checks is a format error.
            throw new ModelFormatException(sourceName, $"cannot import the model ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static Model ImportModel(ModelProto proto, string source, string? baseDirectory)
    {
        if (proto.Graph is null) throw new ModelFormatException(source, "the file holds no ONNX graph (is it an ONNX model?)");
        var graph = new Graph();
        var model = new Model(graph, ModelFormat.Onnx)
        {
            FormatVersion = proto.IrVersion,
            Producer = Producer(proto),
            Description = proto.DocString.Length > 0 ? proto.DocString : null,
        };
        ReadOpsets(proto, model, source);
        foreach (var entry in proto.MetadataProps) model.Metadata[entry.Key] = entry.Value;

        var external = new OnnxExternalData(source, baseDirectory);
        var context = new OnnxImportContext(source, graph, DefaultOpset(proto, model, source), external);
        OnnxGraphReader.Read(proto.Graph, context);
        model.SourceBytes = external.BytesRead;

        GraphVerifier.Verify(graph);
        GraphShapeInference.Run(graph, model.Opset);
        return model;
    }

    private static string? Producer(ModelProto proto)
    {
        string text = $"{proto.ProducerName} {proto.ProducerVersion}".Trim();
        return text.Length > 0 ? text : null;
    }

    private static void ReadOpsets(ModelProto proto, Model model, string source)
    {
        foreach (var opset in proto.OpsetImport)
        {
            string domain = opset.Domain == "ai.onnx" ? "" : opset.Domain;
            if (model.Opsets.TryGetValue(domain, out long other) && other != opset.Version)
                throw new ModelFormatException(source, $"opset_import lists domain '{domain}' twice (versions {other} and {opset.Version})");
            model.Opsets[domain] = opset.Version;
        }
    }

    /// <summary>
    /// The default-domain opset the nodes are written in. Files before IR version 3 had no
    /// opset_import and mean opset 1; later files must declare it when they use the domain.
    /// </summary>
    private static long DefaultOpset(ModelProto proto, Model model, string source)
    {
        if (model.Opsets.TryGetValue("", out long opset))
        {
            if (opset < 1) throw new ModelFormatException(source, $"the default-domain opset is {opset}");
            return opset;
        }
        bool usesDefault = proto.Graph.Node.Any(n => n.Domain.Length == 0 || n.Domain == "ai.onnx");
        if (usesDefault && proto.IrVersion >= 3)
            throw new ModelFormatException(source, "the graph uses ONNX operators but opset_import declares no version for the default domain");
        return 1;
    }
}
