using System.Text;
using System.Text.RegularExpressions;

namespace Autograd.Nn;

/// <summary>
/// Replaces a file all at once: the new content goes to a temporary file in the same folder, is flushed to the
/// disk, and is then renamed over the target. A crash or an exception part-way leaves the old file untouched,
/// because rename within one file system is atomic; a temporary file in another folder could sit on another file
/// system, where a move is a copy.
/// </summary>
/// <remarks>
/// An exception deletes the temporary file; a process killed part-way cannot, so the file it leaves
/// (<c>.NAME.GUID.tmp</c>, or <c>.NAME.GUID.tmp.EXT</c>) is removed by <see cref="DeleteLeftovers"/>.
/// </remarks>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts into the stream it is given.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> does not name a file.</exception>
    public static void Write(string path, Action<Stream> write) =>
        WriteVia(path, "", temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        });

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8.</summary>
    public static void WriteAllText(string path, string text) => Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Writes <paramref name="path"/> through a writer that insists on creating the file itself from a name
    /// (an image library that picks the format from the extension): <paramref name="write"/> gets the temporary
    /// file's name, which ends in <paramref name="extension"/> (like <c>.png</c>).
    /// </summary>
    public static void WriteVia(string path, string extension, Action<string> write)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp{extension}");
        try
        {
            write(temp);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that writes into <paramref name="folder"/> left behind when their process was
    /// killed; call it only while no other process writes there. Returns the files deleted.
    /// </summary>
    public static IReadOnlyList<string> DeleteLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var deleted = new List<string>();
        foreach (string path in Directory.EnumerateFiles(folder, ".*.tmp*"))
        {
            if (!TemporaryName().IsMatch(Path.GetFileName(path))) continue;
            File.Delete(path);
            deleted.Add(path);
        }
        return deleted;
    }

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp(\.[A-Za-z0-9]+)?$")]
    private static partial Regex TemporaryName();
}
