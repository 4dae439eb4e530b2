namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>The device used when none is given: the CPU.</summary>
    public static Device DefaultDevice => CpuDevice.Instance;

    private static Tensor Filled(int[] shape, double value, DType dtype, Device? device, bool requiresGrad)
    {
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"Tensor shape {Autograd.Shape.Format(shape)} has a negative dimension.");
        var t = Empty((int[])shape.Clone(), dtype, device ?? DefaultDevice);
        t.Device.Fill(t.Buffer, value);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>A Float32 tensor of zeros with the given shape.</summary>
    public static Tensor Zeros(params int[] shape) => Filled(shape, 0, DType.Float32, null, false);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(int[] shape, DType dtype, Device? device = null, bool requiresGrad = false) => Filled(shape, 0, dtype, device, requiresGrad);

    /// <summary>A Float32 tensor of ones with the given shape.</summary>
    public static Tensor Ones(params int[] shape) => Filled(shape, 1, DType.Float32, null, false);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(int[] shape, DType dtype, Device? device = null, bool requiresGrad = false) => Filled(shape, 1, dtype, device, requiresGrad);

    /// <summary>A tensor whose every element is <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Filled(shape, value, dtype, device, requiresGrad);

    /// <summary>Zeros with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Filled(like._shape, 0, like.DType, like.Device, false);

    /// <summary>Ones with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Filled(like._shape, 1, like.DType, like.Device, false);

    /// <summary>A constant with the shape, dtype and device of <paramref name="like"/>.</summary>
    public static Tensor FullLike(Tensor like, double value) => Filled(like._shape, value, like.DType, like.Device, false);

    /// <summary>A 0-d tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Filled([], value, dtype, device, requiresGrad);

    /// <summary>The values start, start+step, … below end (1-D), like <c>torch.arange</c>.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32, Device? device = null)
    {
        if (step == 0 || (end - start) / step < 0) throw new ArgumentException($"arange: cannot go from {start} to {end} with step {step}.");
        int n = (int)Math.Ceiling((end - start) / step);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return From(values, [n]).To(dtype).ToDevice(device);
    }

    /// <summary>The integers 0 … end-1 as Int32 when <paramref name="dtype"/> is omitted for integer ranges.</summary>
    public static Tensor Arange(int end, DType dtype = DType.Int32, Device? device = null) => Arange(0, end, 1, dtype, device);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32, Device? device = null)
    {
        if (steps < 0) throw new ArgumentException($"linspace: steps must be non-negative, got {steps}.");
        var values = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) values[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
        return From(values, [steps]).To(dtype).ToDevice(device);
    }

    /// <summary>The n×m identity matrix (m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32, Device? device = null)
    {
        int cols = m ?? n;
        var values = new double[n * cols];
        for (int i = 0; i < Math.Min(n, cols); i++) values[i * cols + i] = 1;
        return From(values, [n, cols]).To(dtype).ToDevice(device);
    }

    private static Tensor Random(int[] shape, RandomDistribution distribution, double a, double b, DType dtype, Generator? generator, Device? device, bool requiresGrad)
    {
        var g = generator ?? Generator.Default;
        var t = Empty((int[])shape.Clone(), dtype, device ?? DefaultDevice);
        t.Device.FillRandom(t.Buffer, distribution, g.Seed, g.Advance(t.Numel), a, b);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    /// <summary>Uniform samples on [0, 1).</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Random(shape, RandomDistribution.Uniform, 0, 1, dtype, generator, device, requiresGrad);

    /// <summary>Uniform samples on [low, high).</summary>
    public static Tensor Uniform(int[] shape, double low, double high, Generator? generator = null, DType dtype = DType.Float32, Device? device = null) =>
        Random(shape, RandomDistribution.Uniform, low, high, dtype, generator, device, false);

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false) =>
        Random(shape, RandomDistribution.Normal, 0, 1, dtype, generator, device, requiresGrad);

    /// <summary>Uniform Int32 samples on [low, high).</summary>
    public static Tensor RandInt(int low, int high, int[] shape, Generator? generator = null, Device? device = null)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low}).");
        return Random(shape, RandomDistribution.Integer, low, high, DType.Int32, generator, device, false);
    }

    /// <summary>A Float32 tensor with the given elements (row-major) and shape (1-D when omitted).</summary>
    public static Tensor From(float[] data, params int[] shape) => FromSpan<float>(data, shape, DType.Float32);

    /// <summary>A Float64 tensor with the given elements (row-major) and shape (1-D when omitted).</summary>
    public static Tensor From(double[] data, params int[] shape) => FromSpan<double>(data, shape, DType.Float64);

    /// <summary>An Int32 tensor with the given elements (row-major) and shape (1-D when omitted).</summary>
    public static Tensor From(int[] data, params int[] shape) => FromSpan<int>(data, shape, DType.Int32);

    /// <summary>A Bool tensor with the given elements (row-major) and shape (1-D when omitted).</summary>
    public static Tensor From(bool[] data, params int[] shape) => FromSpan<bool>(data, shape, DType.Bool);

    private static Tensor FromSpan<T>(ReadOnlySpan<T> data, int[] shape, DType dtype) where T : unmanaged
    {
        int[] s = shape.Length == 0 ? [data.Length] : (int[])shape.Clone();
        if (Autograd.Shape.Numel(s) != data.Length)
            throw new ArgumentException($"from: {data.Length} elements cannot fill a tensor of shape {Autograd.Shape.Format(s)}.");
        var t = Empty(s, dtype, DefaultDevice);
        t.Device.Upload(data, t.Storage);
        return t;
    }

    private Tensor ToDevice(Device? device) => device is null || ReferenceEquals(device, Device) ? this : To(device);
}
