namespace Autograd;

/// <summary>
/// The backward of max/min along a dimension (<c>MaxBackward0</c>, <c>MinBackward0</c>): each value's gradient goes
/// to the one element the forward selected, recorded by its index.
/// </summary>
internal sealed class SelectedBackward : Node
{
    private readonly string _name;
    private readonly int[] _shape;
    private readonly SavedTensor _indices;
    private readonly int _dim;
    private readonly bool _keepDim;

    public SelectedBackward(string name, string op, Tensor x, Tensor indices, int dim, bool keepDim) : base(x)
    {
        _name = name;
        _shape = x.ShapeArray;
        _indices = Save(indices);
        _dim = Shape.NormalizeDim(op, dim, x.ShapeArray);
        _keepDim = keepDim;
    }

    public override string Name => _name;

    protected internal override Tensor?[] Backward(Tensor g) => [Reduction.ToSelected(g, _indices.Unpack(), _shape, _dim, _keepDim)];
}

/// <summary>
/// The backward of a max/min without indices (<c>MaxBackward1</c>, <c>AmaxBackward0</c>, …): each result's gradient is
/// shared evenly among the elements equal to it, which is what PyTorch does for ties.
/// </summary>
internal sealed class TiesBackward : Node
{
    private readonly string _name;
    private readonly SavedTensor _x;
    private readonly int[] _dims;
    private readonly bool _keepDim;
    private SavedTensor? _y;

    public TiesBackward(string name, Tensor x, int[] dims, bool keepDim) : base(x)
    {
        _name = name;
        _x = Save(x);
        _dims = dims;
        _keepDim = keepDim;
    }

    public override string Name => _name;

    protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

    protected internal override Tensor?[] Backward(Tensor g) => [Reduction.ShareAmongTies(g, _x.Unpack(), _y!.Unpack(), _dims, _keepDim)];
}
