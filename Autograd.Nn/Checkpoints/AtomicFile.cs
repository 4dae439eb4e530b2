namespace Autograd.Nn;

/// <summary>
/// Replaces a file all at once: the new content goes to a temporary file in the same folder, is flushed to the
/// disk, and is then renamed over the target. A crash or an exception part-way leaves the old file untouched,
/// because rename within one file system is atomic; a temporary file in another folder could sit on another file
/// system, where a move is a copy.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' does not name a file.", nameof(path));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
