using Quanta.Core;
using Quanta.Data;
using Quanta.Data.Datasets;
using Quanta.Data.Images;
using Quanta.Data.TensorFiles;

namespace Quanta.Quantization;

/// <summary>Opens calibration data as the command line names it.</summary>
public static class CalibrationDatasets
{
    /// <summary>The name of the Fashion-MNIST source.</summary>
    public const string FashionMnistName = "fashion-mnist";

    /// <summary>
    /// Opens <paramref name="spec"/> for a model with one input of <paramref name="inputType"/> and
    /// <paramref name="inputShape"/>: <c>fashion-mnist</c> (the training split with the reference
    /// models' preprocessing, from <paramref name="dataDir"/> or Debian's dataset-fashion-mnist), or a
    /// folder of images and/or .npy files (one sample per file, in name order).
    /// </summary>
    /// <exception cref="DataFormatException">The folder or dataset is missing or unreadable.</exception>
    /// <exception cref="InvalidInputException">The model's input cannot take these samples.</exception>
    public static ICalibrationDataset Open(string spec, DataType inputType, Shape inputShape, string? dataDir = null, ImageTensorOptions? imageOptions = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (string.Equals(spec, FashionMnistName, StringComparison.OrdinalIgnoreCase))
            return new FashionMnistCalibrationData(FashionMnist.Load(FashionMnistSplit.Train, dataDir), inputType, inputShape);
        if (Directory.Exists(spec)) return new TensorFolderCalibrationData(spec, inputType, inputShape, imageOptions);
        throw new DataFormatException(spec, $"no such folder; calibration data is '{FashionMnistName}' or a folder of images (.png, .jpg, .bmp) or .npy files");
    }
}

/// <summary>The first images of Fashion-MNIST's training split, preprocessed as the reference
/// models expect (<see cref="FashionMnistPreprocessing"/>).</summary>
public sealed class FashionMnistCalibrationData : ICalibrationDataset
{
    private readonly FashionMnist _data;
    private readonly int[] _dims;

    /// <summary>Wraps a loaded split for an input of this type and shape.</summary>
    /// <exception cref="InvalidInputException">The input is not float32 with 784 values per sample.</exception>
    public FashionMnistCalibrationData(FashionMnist data, DataType inputType, Shape inputShape)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputType != DataType.Float32)
            throw new InvalidInputException($"fashion-mnist calibration feeds float32 inputs; the model's input is {inputType}");
        long perSample = 1;
        for (int d = 1; d < inputShape.Rank; d++) perSample *= inputShape[d];
        if (inputShape.Rank < 2 || perSample != FashionMnist.PixelsPerImage)
            throw new InvalidInputException($"fashion-mnist images (28×28) do not fit an input of shape {inputShape}");
        _dims = inputShape.ToArray();
    }

    /// <inheritdoc/>
    public string Description => $"{CalibrationDatasets.FashionMnistName} ({_data.Split.ToString().ToLowerInvariant()} split)";

    /// <inheritdoc/>
    public int Count => _data.Count;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Batch(int start, int count)
    {
        var dims = (int[])_dims.Clone();
        dims[0] = count;
        return [FashionMnistPreprocessing.ToTensor(_data, start, count).Reshape(new Shape(dims))];
    }
}

/// <summary>A folder with one sample per file: images (decoded as <see cref="ImageTensorLoader"/>
/// does) and .npy tensors (with or without a leading batch dimension of 1).</summary>
public sealed class TensorFolderCalibrationData : ICalibrationDataset
{
    private readonly string[] _files;
    private readonly DataType _type;
    private readonly Shape _shape;
    private readonly ImageTensorOptions? _imageOptions;

    /// <summary>Lists the folder's images and .npy files.</summary>
    /// <exception cref="DataFormatException">The folder holds no such file.</exception>
    public TensorFolderCalibrationData(string folder, DataType inputType, Shape inputShape, ImageTensorOptions? imageOptions = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Folder = folder;
        _type = inputType;
        _shape = inputShape ?? throw new ArgumentNullException(nameof(inputShape));
        _imageOptions = imageOptions;
        _files = Directory.GetFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is var e && (e == ".npy" || ImageTensorLoader.Extensions.Contains(e)))
            .Order(StringComparer.Ordinal).ToArray();
        if (_files.Length == 0)
            throw new DataFormatException(folder, $"holds no images ({string.Join(", ", ImageTensorLoader.Extensions)}) or .npy files");
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <inheritdoc/>
    public string Description => $"{Folder} ({_files.Length} files)";

    /// <inheritdoc/>
    public int Count => _files.Length;

    /// <inheritdoc/>
    public IReadOnlyList<Tensor> Batch(int start, int count)
    {
        var samples = new List<Tensor>(count);
        for (int i = start; i < start + count; i++) samples.Add(Sample(_files[i]));
        var first = samples[0];
        var dims = first.Shape.ToArray();
        dims[0] = count;
        var batch = Tensor.Zeros(first.Type, new Shape(dims));
        int bytes = first.ByteCount;
        for (int i = 0; i < samples.Count; i++)
        {
            if (samples[i].Shape != first.Shape)
                throw new InvalidInputException($"{_files[start + i]} has shape {samples[i].Shape}; {_files[start]} has {first.Shape}");
            samples[i].Bytes.CopyTo(batch.Bytes[(i * bytes)..]);
        }
        return [batch];
    }

    private Tensor Sample(string file)
    {
        var t = TensorFile.Read(file, _type, _shape, _imageOptions);
        if (t.Type != _type) throw new InvalidInputException($"{file} holds {t.Type}; the model's input is {_type}");
        // A sample without the batch dimension gets one.
        if (t.Shape.Rank == _shape.Rank - 1) t = t.Reshape(new Shape([1, .. t.Shape.Dims]));
        if (t.Shape.Rank != _shape.Rank || t.Shape[0] != 1)
            throw new InvalidInputException($"{file} has shape {t.Shape}; one sample of input shape {_shape} is expected");
        for (int d = 1; d < _shape.Rank; d++)
        {
            if (_shape[d] != Shape.Unknown && _shape[d] != t.Shape[d])
                throw new InvalidInputException($"{file} has shape {t.Shape}, which does not fit the input's {_shape}");
        }
        return t;
    }
}
