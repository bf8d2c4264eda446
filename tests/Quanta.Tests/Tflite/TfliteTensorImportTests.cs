using System.Runtime.InteropServices;
using Quanta.Core;
using Quanta.Formats.Tflite;
using tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Tensors and buffers: names, types, shapes, constants, variables, the >2 GB buffer layout, metadata.
public class TfliteTensorImportTests
{
    private static Graph Import(TfliteModelBuilder b) => TfliteImporter.Import(b.Build(), "test.tflite").Graph;

    /// <summary>input → ADD(input, constant) → output, with tensors named as given.</summary>
    private static TfliteModelBuilder AddModel(string inputName = "x", string constName = "c", string outputName = "y", int[]? signature = null)
    {
        var b = new TfliteModelBuilder();
        int x = b.Tensor(inputName, TensorType.FLOAT32, [1, 2]);
        if (signature is not null) b.Graph.Tensors[x].ShapeSignature = [.. signature];
        int c = b.FloatConstant(constName, [2], 10, 20);
        int y = b.Tensor(outputName, TensorType.FLOAT32, [1, 2]);
        b.Io([x], [y]);
        b.Op(b.OpCode(BuiltinOperator.ADD), [x, c], [y]);
        return b;
    }

    [Fact]
    public void RepeatedAndEmptyNamesAreMadeUnique()
    {
        var g = Import(AddModel("a", "a", ""));
        Assert.Equal("a", g.Inputs[0].Name);
        Assert.StartsWith("a_", g.Nodes[0].Inputs[1]!.Name);
        Assert.True(g.Nodes[0].Inputs[1]!.IsConstant);
        Assert.Equal("tensor_2", g.Outputs[0].Name);
        Assert.Equal("tensor_2", g.Nodes[0].Name);
    }

    [Fact]
    public void ShapeSignatureMarksDynamicDimensions()
    {
        var g = Import(AddModel(signature: [-1, 2]));
        Assert.Equal(new Shape(Shape.Unknown, 2), g.Inputs[0].Shape);
        Assert.Equal(new Shape(1, 2), g.Outputs[0].Shape);

        var e = Assert.Throws<ModelFormatException>(() => Import(AddModel(signature: [-1, 2, 3])));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("shape signature", e.Message);
    }

    [Fact]
    public void ConstantsCopyTheirBufferWithTheRightTypeAndShape()
    {
        var b = AddModel();
        int i8 = b.Tensor("i8", TensorType.INT8, [2, 2], [1, 255, 3, 128], TfliteModelBuilder.Quant(0.5f, -3));
        int i64 = b.Tensor("i64", TensorType.INT64, [1], BitConverter.GetBytes(-5L));
        int f16 = b.Tensor("f16", TensorType.FLOAT16, [2], MemoryMarshal.AsBytes<Half>([(Half)1.5, (Half)(-2)]).ToArray());
        int flag = b.Tensor("flag", TensorType.BOOL, [], [1]);
        int outI8 = b.Tensor("out", TensorType.INT8, [2, 2], quant: TfliteModelBuilder.Quant(0.5f, -3));
        b.Op(b.OpCode(BuiltinOperator.SELECT_V2), [flag, i8, i8], [outI8]);
        b.Op(b.OpCode(BuiltinOperator.ADD), [i64, i64], [b.Tensor("sum64", TensorType.INT64, [1])]);
        b.Op(b.OpCode(BuiltinOperator.ADD), [f16, f16], [b.Tensor("sum16", TensorType.FLOAT16, [2])]);
        var g = Import(b);
        var c = g.GetValue("i8");
        Assert.Equal(DataType.Int8, c.Type);
        Assert.Equal(new sbyte[] { 1, -1, 3, -128 }, c.Constant!.ToArray<sbyte>());
        Assert.Equal(new QuantParams(0.5f, -3), c.Quant);
        Assert.Equal(c.Quant, c.Constant.Quant);
        Assert.Equal([-5L], g.GetValue("i64").Constant!.ToArray<long>());
        Assert.Equal([(Half)1.5, (Half)(-2)], g.GetValue("f16").Constant!.ToArray<Half>());
        Assert.Equal(Shape.Scalar, g.GetValue("flag").Constant!.Shape);
        Assert.Equal(DataType.Bool, g.GetValue("flag").Type);
    }

    [Fact]
    public void ABufferOfTheWrongSizeNamesTheTensor()
    {
        var b = AddModel();
        b.Model.Buffers[1].Data = [1, 2, 3, 4, 5];
        var e = Assert.Throws<ModelFormatException>(() => Import(b));
        Assert.Contains("'c'", e.Message);
        Assert.Contains("needs 8 bytes", e.Message);
        Assert.Contains("holds 5", e.Message);

        var b2 = AddModel();
        b2.Graph.Tensors[1].Buffer = 9;
        Assert.Contains("'c' refers to buffer 9", Assert.Throws<ModelFormatException>(() => Import(b2)).Message);

        var b3 = AddModel();
        b3.Graph.Tensors[1].Shape = [2, -1];
        Assert.Contains("'c'", Assert.Throws<ModelFormatException>(() => Import(b3)).Message);
    }

    [Fact]
    public void BuffersStoredAfterTheFlatbufferAreRead()
    {
        // The layout TFLite uses for files over 2 GB: buffer.offset/size point past the flatbuffer,
        // counted from the start of the file.
        var b = AddModel();
        float[] values = [1.25f, -7f];
        b.Model.Buffers[1] = new BufferT { Offset = 1UL << 40, Size = 8 };
        int size = b.Build().Length;
        int offset = (size + 15) / 16 * 16;
        b.Model.Buffers[1].Offset = (ulong)offset;
        byte[] flatbuffer = b.Build();
        Assert.Equal(size, flatbuffer.Length);
        var file = new byte[offset + 8];
        flatbuffer.CopyTo(file, 0);
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(file.AsSpan(offset));
        var g = TfliteImporter.Import(file, "large.tflite").Graph;
        Assert.Equal(values, g.GetValue("c").Constant!.ToArray<float>());

        // The same layout with the data cut off.
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(file[..(offset + 4)], "cut.tflite"));
        Assert.Contains("outside the file", e.Message);
    }

    [Fact]
    public void UnsupportedTypesAndLayoutsNameTheTensor()
    {
        foreach (var type in new[] { TensorType.STRING, TensorType.FLOAT64, TensorType.INT4, TensorType.UINT32, TensorType.COMPLEX64 })
        {
            var b = AddModel();
            b.Graph.Tensors[0].Type = type;
            var e = Assert.Throws<UnsupportedException>(() => Import(b));
            Assert.Contains("'x'", e.Message);
            Assert.Contains(type.ToString(), e.Message);
        }
        var sparse = AddModel();
        sparse.Graph.Tensors[1].Sparsity = new SparsityParametersT { TraversalOrder = [0], BlockMap = [], DimMetadata = [] };
        Assert.Contains("'c'", Assert.Throws<UnsupportedException>(() => Import(sparse)).Message);

        var custom = AddModel();
        custom.Graph.Tensors[0].Quantization = new QuantizationParametersT
        {
            Details = QuantizationDetailsUnion.FromCustomQuantization(new CustomQuantizationT { Custom = [1, 2] }),
        };
        Assert.Contains("'x'", Assert.Throws<UnsupportedException>(() => Import(custom)).Message);
    }

    [Fact]
    public void VariableTensorsStartFromTheirBufferOrZero()
    {
        var b = new TfliteModelBuilder();
        int x = b.Tensor("x", TensorType.INT8, [1, 3], quant: TfliteModelBuilder.Quant(0.1f, 4));
        int state = b.Tensor("state", TensorType.INT8, [1, 3], quant: TfliteModelBuilder.Quant(0.1f, 4));
        b.Graph.Tensors[state].IsVariable = true;
        int bias = b.Tensor("bias", TensorType.FLOAT32, [3], new byte[12]);
        b.Graph.Tensors[bias].IsVariable = true;
        int y = b.Tensor("y", TensorType.INT8, [1, 3], quant: TfliteModelBuilder.Quant(0.1f, 4));
        b.Io([x], [y]);
        b.Op(b.OpCode(BuiltinOperator.ADD), [x, state], [y]);
        b.Op(b.OpCode(BuiltinOperator.ADD), [bias, bias], [b.Tensor("z", TensorType.FLOAT32, [3])]);
        var g = Import(b);
        // TFLite's ResetVariableTensor fills int8 state with the zero point (real value 0).
        Assert.Equal(new sbyte[] { 4, 4, 4 }, g.GetValue("state").Constant!.ToArray<sbyte>());
        Assert.True(g.GetValue("bias").IsConstant);
    }

    [Fact]
    public void EveryQuantaTypeHasATfliteTypeAndBack()
    {
        foreach (var type in Enum.GetValues<DataType>().Where(t => t != DataType.Undefined))
        {
            Assert.Equal(type, TfliteTypes.ToDataType(TfliteTypes.FromDataType(type)));
        }
        Assert.Equal(DataType.Int8, TfliteTypes.ToDataType(TensorType.INT8));
        Assert.Null(TfliteTypes.ToDataType(TensorType.UINT16));
    }

    [Fact]
    public void AnInputWithABufferStaysAnInput()
    {
        var b = AddModel();
        b.Graph.Tensors[0].Buffer = 1; // shares the constant's buffer
        var g = Import(b);
        Assert.False(g.Inputs[0].IsConstant);
        Assert.Equal("x", g.Inputs[0].Name);
    }

    [Fact]
    public void UnusedTensorsAreDropped()
    {
        var b = AddModel();
        b.Tensor("unused", TensorType.FLOAT32, [4]);
        b.FloatConstant("unused_const", [1], 3);
        var g = Import(b);
        Assert.Null(g.FindValue("unused"));
        Assert.Null(g.FindValue("unused_const"));
        Assert.Equal(3, g.Values.Count());
    }

    [Fact]
    public void MetadataAndDescriptionAreRecorded()
    {
        var b = AddModel();
        b.Model.Description = "MLIR Converted.";
        b.Model.Buffers.Add(new BufferT { Data = [.. "2.3.0"u8.ToArray(), 0, 0, 0] });
        b.Model.Buffers.Add(new BufferT { Data = [12, 0, 0, 0, 8, 0] });
        b.Model.Metadata = [
            new MetadataT { Name = "min_runtime_version", Buffer = (uint)b.Model.Buffers.Count - 2 },
            new MetadataT { Name = "CONVERSION_METADATA", Buffer = (uint)b.Model.Buffers.Count - 1 },
        ];
        var model = TfliteImporter.Import(b.Build(), "t");
        Assert.Equal("2.3.0", model.Metadata["min_runtime_version"]);
        Assert.Equal("<6 bytes>", model.Metadata["CONVERSION_METADATA"]);
        Assert.Equal("MLIR Converted.", model.Description);
        Assert.Equal("MLIR Converted. (min runtime 2.3.0)", model.Producer);
        Assert.Equal(3, model.Opsets["tflite"]);
        Assert.Equal("main", model.Graph.Name);

        b.Model.Metadata[0].Buffer = 77;
        Assert.Contains("metadata 'min_runtime_version'", Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(b.Build(), "t")).Message);
    }
}
