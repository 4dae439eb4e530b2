using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// log Σ exp(x) over <paramref name="dims"/> (all when empty), computed stably as m + log Σ exp(x − m) with m the
    /// maximum, so large inputs do not overflow. Shape as for <see cref="Sum(int[], bool)"/>.
    /// ∂/∂x = exp(x − result), the softmax over the reduced dimensions, times the gradient broadcast back.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point, or a dimension is out of range or repeated.</exception>
    public Tensor LogSumExp(int[] dims, bool keepDim = false)
    {
        Elementwise.RequireFloat("logsumexp", this);
        var d = Reduction.Normalize("logsumexp", this, dims.Length == 0 ? null : dims);
        Tensor y;
        using (NoGrad())
        {
            using var max = Reduction.Run("logsumexp", this, d, keepDim: true, new MaxReduce());
            // An infinite maximum (a +inf element, or a slice of only -inf) would make x − m NaN; shifting by 0 keeps ±inf.
            using var maxAbs = max.Abs();
            using var infinite = maxAbs.Eq(double.PositiveInfinity);
            using var shift = max.MaskedFill(infinite, 0);
            using var shifted = this - shift;
            using var exp = shifted.Exp();
            using var sum = exp.Sum(d, keepDim);
            using var log = sum.Log();
            using var shiftOut = shift.Reshape(log.ShapeArray);
            y = log + shiftOut;
        }
        return Graph.NeedsGrad(this) ? Graph.Record(y, new LogsumexpBackward0(this, d, keepDim)) : y;
    }

    private sealed class LogsumexpBackward0 : Node
    {
        private readonly SavedTensor _x;
        private readonly int[] _dims;
        private readonly bool _keepDim;
        private SavedTensor? _y;

        public LogsumexpBackward0(Tensor x, int[] dims, bool keepDim) : base(x)
        {
            _x = Save(x);
            _dims = dims;
            _keepDim = keepDim;
        }

        protected internal override void OnOutput(Tensor output) => _y = SaveOutput(output);

        protected internal override Tensor?[] Backward(Tensor g)
        {
            var x = _x.Unpack();
            var yKept = Reduction.Unreduce(_y!.Unpack(), x.ShapeArray, _dims, _keepDim);
            return [Reduction.Unreduce(g, x.ShapeArray, _dims, _keepDim) * (x - yKept).Exp()];
        }
    }
}
