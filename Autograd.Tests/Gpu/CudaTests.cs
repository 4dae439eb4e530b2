using Autograd.Gpu;
using Autograd.Gpu.CuBlas;

namespace Autograd.Tests.Gpu;

/// <summary>The row-major-to-cuBLAS layout mapping, checked without a GPU.</summary>
public class CuBlasLayoutTests
{
    [Test]
    public void ARowMajorMatrixIsItsTransposeWithTheRowStrideAsLeadingDimension()
    {
        Assert.That(CuBlasHandle.Operand(4, 6, 6, 1), Is.EqualTo((CuBlasLibrary.OpN, 6)));
        Assert.That(CuBlasHandle.Operand(4, 6, 10, 1), Is.EqualTo((CuBlasLibrary.OpN, 10)));
    }

    [Test]
    public void ATransposedViewIsPassedWithTheTransposeFlag()
    {
        Assert.That(CuBlasHandle.Operand(4, 6, 1, 4), Is.EqualTo((CuBlasLibrary.OpT, 4)));
    }

    [Test]
    public void SizeOneDimensionsIgnoreTheirStrides()
    {
        Assert.That(CuBlasHandle.Operand(1, 6, 999, 1), Is.EqualTo((CuBlasLibrary.OpN, 6)));
        Assert.That(CuBlasHandle.Operand(5, 1, 1, 123), Is.EqualTo((CuBlasLibrary.OpN, 1)));
    }

    [Test]
    public void LayoutsWithoutAUnitStrideAreLeftToTheTiledKernel()
    {
        Assert.That(CuBlasHandle.Operand(4, 6, 12, 2), Is.Null);
        Assert.That(CuBlasHandle.Operand(4, 6, 0, 1), Is.Null);
    }

    [Test]
    public void TheLibraryIsProbedFromTheEnvironmentVariableThenCuda13Down()
    {
        string? saved = Environment.GetEnvironmentVariable(CuBlasLibrary.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(CuBlasLibrary.PathVariable, "/opt/cuda/lib64/libcublas.so");
            var names = CuBlasLibrary.Candidates().ToList();
            Assert.That(names[0], Is.EqualTo("/opt/cuda/lib64/libcublas.so"));
            Assert.That(names.Skip(1), Is.EqualTo(OperatingSystem.IsWindows()
                ? new[] { "cublas64_13.dll", "cublas64_12.dll", "cublas64_11.dll" }
                : new[] { "libcublas.so.13", "libcublas.so.12", "libcublas.so.11" }));
        }
        finally
        {
            Environment.SetEnvironmentVariable(CuBlasLibrary.PathVariable, saved);
        }
    }
}

/// <summary>Checks that only a CUDA GPU can run; ignored (never silently passed) elsewhere.</summary>
[Category("Cuda")]
public class CudaTests
{
    private IlgpuDevice _cuda = null!;

    [OneTimeSetUp]
    public void OpenCuda()
    {
        if (!Devices.Available.Contains("cuda:0")) Assert.Ignore($"No CUDA GPU on this machine (devices: {string.Join(", ", Devices.Available)}).");
        _cuda = (IlgpuDevice)Devices.Get("cuda:0");
    }

    [Test]
    public void CudaIsTheDefaultDeviceWhenPresent()
    {
        if (Environment.GetEnvironmentVariable(Devices.EnvironmentVariable) is { Length: > 0 }) Assert.Ignore("AUTOGRAD_DEVICE overrides the default.");
        Assert.That(Devices.Default, Is.SameAs(_cuda));
    }

    [Test]
    public void CuBlasLoadsAndItsBatchedProductMatchesTheCpu()
    {
        Assert.That(_cuda.UsesCuBlas, Is.True, $"No cuBLAS loaded from {string.Join(", ", CuBlasLibrary.Candidates())}.");
        var a = Tensor.Randn([3, 65, 129], new Generator(1));
        var b = Tensor.Randn([129, 33], new Generator(2));
        var expected = Product(a, b, [3]).ToArray<float>();
        var actual = Product(a.To(_cuda), b.To(_cuda), [3]).ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-3 * Math.Max(1, Math.Abs(expected[i]))));
    }

    [Test]
    public void TransposedOperandsGoThroughCuBlasCorrectly()
    {
        var a = Tensor.Randn([40, 20], new Generator(3), DType.Float64);
        var b = Tensor.Randn([30, 40], new Generator(4), DType.Float64);
        var expected = Product(a.Permute(1, 0), b.Permute(1, 0), []).ToArray<double>();
        var actual = Product(a.To(_cuda).Permute(1, 0), b.To(_cuda).Permute(1, 0), []).ToArray<double>();
        Assert.That(actual, Is.EqualTo(expected).Within(1e-9));
    }

    private static Tensor Product(Tensor a, Tensor b, int[] batch)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var c = Tensor.Empty([.. batch, m, n], a.DType, a.Device);
        var ab = new StridedBuffer(a.Storage, [.. batch, m, k], Elementwise.BroadcastStrides(a.ShapeArray, a.StridesArray, [.. batch, m, k]), a.StorageOffset);
        var bb = new StridedBuffer(b.Storage, [.. batch, k, n], Elementwise.BroadcastStrides(b.ShapeArray, b.StridesArray, [.. batch, k, n]), b.StorageOffset);
        a.Device.MatMul(ab, bb, c.Buffer);
        return c;
    }
}
