namespace Autograd;

/// <summary>
/// The backward of <see cref="Tensor.Maximum"/> and <see cref="Tensor.Minimum"/>: the gradient goes to the operand
/// that was chosen; where a = b it is split half and half, as in PyTorch.
/// </summary>
internal sealed class PairwiseExtremumBackward : Node
{
    private readonly string _name;
    private readonly bool _max;
    private readonly SavedTensor _a, _b;

    public PairwiseExtremumBackward(string name, bool max, Tensor a, Tensor b) : base(a, b)
    {
        _name = name;
        _max = max;
        _a = Save(a);
        _b = Save(b);
    }

    public override string Name => _name;

    protected internal override Tensor?[] Backward(Tensor g)
    {
        var a = _a.Unpack();
        var b = _b.Unpack();
        using var tie = a.Eq(b);
        var shared = Tensor.Where(tie, g / 2, g);
        Tensor? ga = null, gb = null;
        if (NeedsInputGrad(0))
        {
            using var aLoses = _max ? a.Lt(b) : a.Gt(b);
            ga = shared.MaskedFill(aLoses, 0);
        }
        if (NeedsInputGrad(1))
        {
            using var bLoses = _max ? a.Gt(b) : a.Lt(b);
            gb = shared.MaskedFill(bLoses, 0);
        }
        return [ga, gb];
    }
}
