using Onnx;
using Quanta.Core;
using Quanta.Formats;
using Xunit;
using OnnxType = Onnx.TensorProto.Types.DataType;

namespace Quanta.Tests.OnnxImport;

public sealed class OnnxExternalDataTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"quanta-extdata-{Guid.NewGuid():N}");
    private readonly string _folder;

    public OnnxExternalDataTests()
    {
        _folder = Path.Combine(_root, "model");
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A model y = x + w with w [3] float stored in an external file.
    private static OnnxModelBuilder Model(string location, long? offset = null, long? length = null)
    {
        var b = new OnnxModelBuilder().Input("x", OnnxType.Float, 3).Output("y", OnnxType.Float, 3);
        var w = new TensorProto { Name = "w", DataType = (int)OnnxType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        w.Dims.Add(3);
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        if (offset is long o) w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = o.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (length is long l) w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        b.Initializer(w);
        b.Node("Add", ["x", "w"], ["y"]);
        return b;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private string WriteModel(OnnxModelBuilder b)
    {
        string path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, b.ToBytes());
        return path;
    }

    [Fact]
    public void ReadsExternalDataAtAnOffsetAndCountsItsBytes()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "data"));
        File.WriteAllBytes(Path.Combine(_folder, "data", "weights.bin"), [0xAA, 0xBB, .. Floats(1f, 2f, 3f), 0xCC]);
        string path = WriteModel(Model("data/weights.bin", offset: 2, length: 12));
        var model = ModelLoader.Load(path);
        Assert.Equal([1f, 2f, 3f], model.Graph.GetValue("w").Constant!.ToArray<float>());
        Assert.Equal(new FileInfo(path).Length + 12, model.SourceBytes);
    }

    [Fact]
    public void LengthDefaultsToWhatTheTensorNeeds()
    {
        File.WriteAllBytes(Path.Combine(_folder, "w.bin"), Floats(4f, 5f, 6f, 7f));
        var model = ModelLoader.Load(WriteModel(Model("w.bin")));
        Assert.Equal([4f, 5f, 6f], model.Graph.GetValue("w").Constant!.ToArray<float>());
    }

    [Fact]
    public void AbsolutePathIsRejected()
    {
        string outside = Path.Combine(_root, "secret.bin");
        File.WriteAllBytes(outside, Floats(1f, 2f, 3f));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model(outside))));
        Assert.Contains("absolute", e.Message);
        Assert.Contains("'w'", e.Message);
    }

    [Fact]
    public void DotDotIsRejected()
    {
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), Floats(1f, 2f, 3f));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("../secret.bin"))));
        Assert.Contains("..", e.Message);
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("sub/../../secret.bin"))));
    }

    [Fact]
    public void SymlinkLeadingOutsideIsRejected()
    {
        string secret = Path.Combine(_root, "secret.bin");
        File.WriteAllBytes(secret, Floats(1f, 2f, 3f));
        File.CreateSymbolicLink(Path.Combine(_folder, "link.bin"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_folder, "dirlink"), _root);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("link.bin"))));
        Assert.Contains("outside", e.Message);
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("dirlink/secret.bin"))));
    }

    [Fact]
    public void SymlinkInsideTheFolderIsAccepted()
    {
        File.WriteAllBytes(Path.Combine(_folder, "real.bin"), Floats(1f, 2f, 3f));
        File.CreateSymbolicLink(Path.Combine(_folder, "alias.bin"), "real.bin");
        var model = ModelLoader.Load(WriteModel(Model("alias.bin")));
        Assert.Equal([1f, 2f, 3f], model.Graph.GetValue("w").Constant!.ToArray<float>());
    }

    [Fact]
    public void MissingShortOrOutOfRangeFilesAreFormatErrors()
    {
        Assert.Contains("does not exist", Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("nope.bin")))).Message);

        File.WriteAllBytes(Path.Combine(_folder, "short.bin"), Floats(1f, 2f));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("short.bin"))));

        File.WriteAllBytes(Path.Combine(_folder, "w.bin"), Floats(1f, 2f, 3f));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("w.bin", offset: 4))));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("w.bin", offset: 1L << 40))));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("w.bin", length: 8))));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("w.bin", length: 1L << 40))));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model("w.bin", offset: -4))));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(WriteModel(Model(""))));
    }

    [Fact]
    public void StreamsCannotUseExternalData()
    {
        File.WriteAllBytes(Path.Combine(_folder, "w.bin"), Floats(1f, 2f, 3f));
        using var stream = new MemoryStream(Model("w.bin").ToBytes());
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(stream));
        Assert.Contains("stream", e.Message);
    }
}
