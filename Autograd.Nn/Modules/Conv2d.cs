namespace Autograd.Nn;

/// <summary>
/// A 2-D convolution (<c>nn.Conv2d</c>, one group): x [N, C_in, H, W] → y [N, C_out, H', W'] (see
/// <see cref="Functional.Conv2d"/>). Parameters <c>weight</c> [C_out, C_in, k, k] and <c>bias</c> [C_out],
/// initialised as in PyTorch: Kaiming uniform with a = √5 and a bias uniform on ±1/√(C_in·k·k).
/// </summary>
public sealed class Conv2d : Module, IModule
{
    /// <summary>Creates the layer with a square kernel and initialises its parameters from <paramref name="generator"/>.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        bool bias = true, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0 || dilation <= 0)
            throw new ArgumentException(
                $"Conv2d: invalid settings in_channels={inChannels}, out_channels={outChannels}, kernel_size={kernelSize}, stride={stride}, padding={padding}, dilation={dilation}.");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        var weight = RegisterParameter("weight", Tensor.Zeros([outChannels, inChannels, kernelSize, kernelSize], dtype));
        var b = bias ? RegisterParameter("bias", Tensor.Zeros([outChannels], dtype)) : null;
        Init.DefaultLinearLike(weight, b, generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output (number of filters).</summary>
    public int OutChannels { get; }

    /// <summary>Height and width of each filter.</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring windows.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on every side of the input.</summary>
    public int Padding { get; }

    /// <summary>Spacing between the filter's taps.</summary>
    public int Dilation { get; }

    /// <summary>The filters [C_out, C_in, k, k].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>[C_out], or null when created with <c>bias: false</c>.</summary>
    public Tensor? Bias => FindParameter("bias");

    /// <inheritdoc cref="Functional.Conv2d"/>
    public Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, [Stride], [Padding], [Dilation]);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride})" +
        (Padding != 0 ? $", padding=({Padding}, {Padding})" : "") + (Dilation != 1 ? $", dilation=({Dilation}, {Dilation})" : "") +
        (Bias is null ? ", bias=False" : "");
}
