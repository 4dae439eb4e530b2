namespace Autograd.Nn;

/// <summary>2-D max pooling (<c>nn.MaxPool2d</c>) with a square window; see <see cref="Functional.MaxPool2d"/>.</summary>
public sealed class MaxPool2d : Module, IModule
{
    /// <summary>A window of <paramref name="kernelSize"/>; the stride defaults to the window size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        Dilation = dilation;
    }

    /// <summary>Height and width of the window.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>−∞ padding on every side.</summary>
    public int Padding { get; }

    /// <summary>Spacing between the window's elements.</summary>
    public int Dilation { get; }

    /// <inheritdoc cref="Functional.MaxPool2d"/>
    public Tensor Forward(Tensor input) => Functional.MaxPool2d(input, [KernelSize], [Stride], [Padding], [Dilation]);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}";
}

/// <summary>2-D average pooling (<c>nn.AvgPool2d</c>) with a square window; see <see cref="Functional.AvgPool2d"/>.</summary>
public sealed class AvgPool2d : Module, IModule
{
    /// <summary>A window of <paramref name="kernelSize"/>; the stride defaults to the window size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        CountIncludePad = countIncludePad;
    }

    /// <summary>Height and width of the window.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on every side.</summary>
    public int Padding { get; }

    /// <summary>Whether padded zeros count in the divisor.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc cref="Functional.AvgPool2d"/>
    public Tensor Forward(Tensor input) => Functional.AvgPool2d(input, [KernelSize], [Stride], [Padding], CountIncludePad);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
