using Google.FlatBuffers;
using Quanta.Core;
using Quanta.Formats;
using Quanta.Formats.Tflite;
using Xunit;

namespace Quanta.Tests.Tflite;

// Untrusted files: empty, truncated, randomly corrupted. Each import either succeeds or throws a
// QuantaException subtype — never another exception, never a hang.
public class TfliteMalformedInputTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Imports on a worker thread; returns the unexpected exception, or null when the import
    /// succeeded or failed with a QuantaException. Fails the test when the import does not finish.</summary>
    private static Exception? ImportGuarded(byte[] bytes, string name)
    {
        var task = Task.Run(() =>
        {
            try
            {
                TfliteImporter.Import(bytes, name);
                return null;
            }
            catch (QuantaException)
            {
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        Assert.True(task.Wait(s_timeout), $"importing {name} did not finish within {s_timeout}");
        return task.Result;
    }

    private static void AssertOnlyQuantaExceptions(IEnumerable<(byte[] Bytes, string Name)> cases)
    {
        var failures = new List<string>();
        foreach (var (bytes, name) in cases)
        {
            if (ImportGuarded(bytes, name) is { } e) failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void AnEmptyOrTinyFileIsAFormatError()
    {
        Assert.Throws<ModelFormatException>(() => TfliteImporter.Import([], "empty.tflite"));
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load([], "empty.tflite", null));
        Assert.Throws<ModelFormatException>(() => TfliteImporter.Import([8, 0, 0, 0, (byte)'T', (byte)'F', (byte)'L', (byte)'3'], "header-only"));
        var e = Assert.Throws<ModelFormatException>(() => TfliteImporter.Import(new byte[64], "zeros"));
        Assert.Contains("TFL3", e.Message);
    }

    [SkippableFact]
    public void EveryTruncationOfHelloWorldIsRejectedCleanly()
    {
        byte[] file = File.ReadAllBytes(TfliteTestFiles.Model("hello_world_int8.tflite"));
        AssertOnlyQuantaExceptions(Enumerable.Range(0, file.Length).Select(n => (file[..n], $"hello_world_int8 cut to {n} bytes")));
        // Every proper prefix is malformed: the buffers are stored last.
        for (int n = 0; n < file.Length; n += 97)
        {
            Assert.ThrowsAny<QuantaException>(() => TfliteImporter.Import(file[..n], "cut"));
        }
    }

    [SkippableFact]
    public void TruncationsOfPersonDetectAreRejectedCleanly()
    {
        byte[] file = File.ReadAllBytes(TfliteTestFiles.Model("person_detect.tflite"));
        var lengths = Enumerable.Range(0, 600).Concat(Enumerable.Range(0, file.Length / 1013).Select(i => i * 1013)).Concat([file.Length - 1]);
        AssertOnlyQuantaExceptions(lengths.Distinct().Select(n => (file[..n], $"person_detect cut to {n} bytes")));
    }

    [SkippableTheory]
    [InlineData("hello_world_int8.tflite", 400)]
    [InlineData("person_detect.tflite", 300)]
    public void RandomBitFlipsImportOrThrowAQuantaException(string fileName, int cases)
    {
        byte[] original = File.ReadAllBytes(TfliteTestFiles.Model(fileName));
        // Most of a model is weight data, where a flip is harmless; aim half the flips at the
        // flatbuffer structure (everything outside the buffers' data) to exercise the reader.
        int[] structure = StructureOffsets(original);
        var rng = new Random(20240611 + cases);
        var corrupted = new List<(byte[], string)>();
        for (int c = 0; c < cases; c++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = 1 + rng.Next(6);
            for (int f = 0; f < flips; f++)
            {
                int pos = rng.Next(2) == 0 ? structure[rng.Next(structure.Length)] : rng.Next(copy.Length);
                copy[pos] ^= (byte)(1 << rng.Next(8));
            }
            corrupted.Add((copy, $"{fileName} case {c}"));
        }
        AssertOnlyQuantaExceptions(corrupted);
    }

    [SkippableFact]
    public void RandomByteRunsInTheStructureAreRejectedCleanly()
    {
        // Whole random words written over offsets and lengths, the worst case for a reader without a verifier.
        byte[] original = File.ReadAllBytes(TfliteTestFiles.Model("hello_world_int8.tflite"));
        int[] structure = StructureOffsets(original);
        var rng = new Random(7);
        var corrupted = new List<(byte[], string)>();
        for (int c = 0; c < 300; c++)
        {
            byte[] copy = (byte[])original.Clone();
            int pos = structure[rng.Next(structure.Length)] & ~3;
            if (pos >= copy.Length - 4) continue;
            int value = rng.Next(4) switch { 0 => int.MaxValue, 1 => -1, 2 => rng.Next(copy.Length), _ => rng.Next() };
            BitConverter.TryWriteBytes(copy.AsSpan(pos), value);
            corrupted.Add((copy, $"hello_world_int8 word {value} at {pos}"));
        }
        AssertOnlyQuantaExceptions(corrupted);
    }

    /// <summary>Byte offsets of the file that are not inside a buffer's data.</summary>
    private static int[] StructureOffsets(byte[] file)
    {
        var model = tflite.Model.GetRootAsModel(new ByteBuffer(file));
        var isData = new bool[file.Length];
        for (int i = 0; i < model.BuffersLength; i++)
        {
            var buffer = model.Buffers(i)!.Value;
            if (buffer.GetDataBytes() is { } segment)
            {
                Array.Fill(isData, true, segment.Offset, buffer.DataLength);
            }
        }
        return [.. Enumerable.Range(0, file.Length).Where(i => !isData[i])];
    }
}
