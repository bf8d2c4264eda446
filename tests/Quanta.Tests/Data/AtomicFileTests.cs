using Quanta.Data;
using Quanta.Data.TensorFiles;
using Xunit;

namespace Quanta.Tests.Data;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quanta-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesAndReplacesFiles()
    {
        string a = Path.Combine(_dir, "a.bin");
        File.WriteAllBytes(a, [9, 9, 9, 9]);
        AtomicFile.WriteAll([(a, [1, 2]), (Path.Combine(_dir, "b.bin"), [3])]);
        Assert.Equal([1, 2], File.ReadAllBytes(a));
        Assert.Equal([3], File.ReadAllBytes(Path.Combine(_dir, "b.bin")));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void AFailedWriteLeavesNoFileBehind()
    {
        string a = Path.Combine(_dir, "a.bin");
        string unwritable = Path.Combine(_dir, "missing-folder", "b.bin");
        var e = Assert.Throws<OutputWriteException>(() => AtomicFile.WriteAll([(a, [1, 2]), (unwritable, [3])]));
        Assert.StartsWith(unwritable, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void AFailedRenameLeavesNoTemporaryFile()
    {
        string blocked = Path.Combine(_dir, "a.bin");
        Directory.CreateDirectory(blocked);
        var e = Assert.Throws<OutputWriteException>(() => AtomicFile.Write(blocked, [1]));
        Assert.StartsWith(blocked, e.Message);
        Assert.Equal([blocked], Directory.GetFileSystemEntries(_dir));
    }
}
