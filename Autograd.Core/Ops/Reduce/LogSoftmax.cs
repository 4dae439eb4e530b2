namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// log_softmax(x)ᵢ = xᵢ − max x − log Σⱼ exp(xⱼ − max x) along <paramref name="dim"/>; same shape as x. Computed
    /// in one stable pass, never as log(softmax(x)), so large inputs neither overflow nor give log(0).
    /// ∂: g − exp(y) · Σg along <paramref name="dim"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The dimension is out of range.</exception>
    public Tensor LogSoftmax(int dim)
    {
        int d = SoftmaxDim("log_softmax", dim);
        var y = SoftmaxAlong(d, log: true);
        return Graph.NeedsGrad(this) ? Graph.Record(y, new LogSoftmaxBackward0(this, d)) : y;
    }

    private sealed class LogSoftmaxBackward0(Tensor x, int dim) : Node(x)
    {
        private readonly int _dim = dim;
        private SavedTensor? _y;

        protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

        protected internal override Tensor?[] Backward(Tensor g) => [g - _y!.Unpack().Exp() * g.Sum(_dim, keepDim: true)];
    }
}
