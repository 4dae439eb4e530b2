namespace Autograd.Nn.Data;

/// <summary>A file to download and its expected SHA-256 (lower-case hex).</summary>
public sealed record DownloadFile(string Name, string Sha256);

/// <summary>
/// Zalando's Fashion-MNIST (60000 training and 10000 test images of 28×28 clothing items, ten classes, MIT license):
/// where its four IDX files are looked for, and how they are read.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Zalando publishes the files (the address in the dataset's README).</summary>
    public const string DefaultBaseUrl = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string SystemFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable naming a data folder, searched after <c>DATA_DIR</c>.</summary>
    public const string DataEnvironmentVariable = "AUTOGRAD_DATA";

    /// <summary>The four published files with their SHA-256 checksums.</summary>
    public static IReadOnlyList<DownloadFile> Files { get; } =
    [
        new("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
        new("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
        new("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
        new("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
    ];

    /// <summary>The class names, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The per-user cache folder: <c>$XDG_CACHE_HOME/autograd/fashion-mnist</c> (or <c>~/.cache/…</c>), <c>%LOCALAPPDATA%\autograd\cache\…</c> on Windows.</summary>
    public static string CacheFolder
    {
        get
        {
            if (OperatingSystem.IsWindows())
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "autograd", "cache", "fashion-mnist");
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), OperatingSystem.IsMacOS() ? "Library/Caches" : ".cache")
                : xdg;
            return Path.Combine(root, "autograd", "fashion-mnist");
        }
    }

    /// <summary>
    /// The folders searched, in order: <paramref name="dataDir"/>, <c>$AUTOGRAD_DATA</c> (each also with a
    /// <c>fashion-mnist</c> sub-folder), <see cref="SystemFolder"/>, <see cref="CacheFolder"/>.
    /// </summary>
    public static IReadOnlyList<string> SearchFolders(string? dataDir)
    {
        var folders = new List<string>();
        foreach (string? root in new[] { dataDir, Environment.GetEnvironmentVariable(DataEnvironmentVariable) })
        {
            if (string.IsNullOrEmpty(root)) continue;
            folders.Add(root);
            folders.Add(Path.Combine(root, "fashion-mnist"));
        }
        folders.Add(SystemFolder);
        folders.Add(CacheFolder);
        return folders;
    }

    /// <summary>The first searched folder that holds all four files (gzip-compressed or not), or null.</summary>
    public static string? Locate(string? dataDir) =>
        SearchFolders(dataDir).FirstOrDefault(folder => Files.All(f => FindFile(folder, f.Name) is not null));

    /// <summary>Loads the training and test sets from the first folder that has them.</summary>
    /// <exception cref="FileNotFoundException">No searched folder has all four files; the message lists them and how to fetch.</exception>
    public static (Dataset Train, Dataset Test) Load(string? dataDir)
    {
        string folder = Locate(dataDir) ?? throw new FileNotFoundException(
            "Fashion-MNIST was not found. Looked for its four files in:\n  " + string.Join("\n  ", SearchFolders(dataDir)) +
            "\nDownload it with `autograd fetch fashion-mnist` (into DATA_DIR or the cache folder), " +
            "or install the Debian package dataset-fashion-mnist.");
        return LoadFrom(folder);
    }

    /// <summary>Loads both splits from <paramref name="folder"/>.</summary>
    public static (Dataset Train, Dataset Test) LoadFrom(string folder)
    {
        string Require(string name) => FindFile(folder, name) ?? throw new FileNotFoundException($"{Path.Combine(folder, name)} is missing");
        var train = ReadPair(Require(Files[0].Name), Require(Files[1].Name), "fashion-mnist/train");
        var test = ReadPair(Require(Files[2].Name), Require(Files[3].Name), "fashion-mnist/test");
        return (train, test);
    }

    /// <summary>Reads an images file [N, H, W] and a labels file [N] into a dataset with features scaled to [0, 1].</summary>
    /// <exception cref="InvalidDataException">A file is malformed, or the two disagree on the number of samples.</exception>
    public static Dataset ReadPair(string imagesPath, string labelsPath, string name)
    {
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Shape.Length != 3)
            throw new InvalidDataException($"{imagesPath}: images must have 3 dimensions [N, H, W], found {Autograd.Shape.Format(images.Shape)}");
        if (labels.Shape.Length != 1)
            throw new InvalidDataException($"{labelsPath}: labels must have 1 dimension [N], found {Autograd.Shape.Format(labels.Shape)}");
        if (images.Shape[0] != labels.Shape[0])
            throw new InvalidDataException(
                $"{name}: {Path.GetFileName(imagesPath)} has {images.Shape[0]} images but {Path.GetFileName(labelsPath)} has {labels.Shape[0]} labels");
        var features = new float[images.Data.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Data[i] / 255f;
        var classes = new int[labels.Data.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = labels.Data[i];
            if (classes[i] >= ClassNames.Count)
                throw new InvalidDataException($"{labelsPath}: label {classes[i]} at position {i} is not a class 0…{ClassNames.Count - 1}");
        }
        return new Dataset(features, classes, [1, images.Shape[1], images.Shape[2]], ClassNames.Count, name);
    }

    private static string? FindFile(string folder, string gzName)
    {
        string gz = Path.Combine(folder, gzName);
        if (File.Exists(gz)) return gz;
        string plain = Path.Combine(folder, Path.GetFileNameWithoutExtension(gzName));
        return File.Exists(plain) ? plain : null;
    }
}
