using System.Globalization;
using System.IO.Compression;

namespace Autograd.Nn.Data;

/// <summary>
/// The UCI "Optical Recognition of Handwritten Digits" test set (1797 samples of 8×8 images with pixel counts 0…16,
/// ten classes), embedded in this assembly so the default training run needs no download.
/// </summary>
/// <remarks>
/// Creators: E. Alpaydin and C. Kaynak (1998), UCI Machine Learning Repository, https://doi.org/10.24432/C50P49.
/// License: Creative Commons Attribution 4.0 (CC BY 4.0); see <c>digits.LICENSE.txt</c> beside the data file and
/// <see cref="Attribution"/>.
/// </remarks>
public static class Digits
{
    /// <summary>The credit the CC BY 4.0 license asks for, to print wherever the data is used.</summary>
    public const string Attribution =
        "UCI Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (1998), https://doi.org/10.24432/C50P49, CC BY 4.0";

    private const string ResourceName = "Autograd.Nn.Data.digits.csv.gz";
    private const int Side = 8;
    private const int MaxPixel = 16;

    /// <summary>Every fifth sample (indices 4, 9, 14, …) is in the test split: 1438 train, 359 test, the same on every run.</summary>
    public const int TestEvery = 5;

    /// <summary>All 1797 samples, features scaled to [0, 1], shape [1, 8, 8] each.</summary>
    public static Dataset LoadAll()
    {
        var features = new List<float>(1797 * Side * Side);
        var labels = new List<int>(1797);
        using var stream = typeof(Digits).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(Digits).Assembly.GetName().Name}.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] cells = line.Split(',');
            if (cells.Length != Side * Side + 1)
                throw new InvalidDataException($"digits.csv line {lineNumber}: expected {Side * Side + 1} values, found {cells.Length}");
            for (int i = 0; i < Side * Side; i++)
                features.Add(int.Parse(cells[i], CultureInfo.InvariantCulture) / (float)MaxPixel);
            labels.Add(int.Parse(cells[^1], CultureInfo.InvariantCulture));
        }
        return new Dataset(features.ToArray(), labels.ToArray(), [1, Side, Side], 10, "digits");
    }

    /// <summary>The deterministic train/test split (see <see cref="TestEvery"/>); every class gets 21 to 52 test samples because the file mixes the classes.</summary>
    public static (Dataset Train, Dataset Test) Load()
    {
        var all = LoadAll();
        var train = new List<int>();
        var test = new List<int>();
        for (int i = 0; i < all.Count; i++)
            (i % TestEvery == TestEvery - 1 ? test : train).Add(i);
        return (all.Subset(train, "digits/train"), all.Subset(test, "digits/test"));
    }
}
