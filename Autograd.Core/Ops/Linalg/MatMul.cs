namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product with <c>torch.matmul</c>'s rules: 1-D · 1-D is the dot product (0-d); [M, K] · [K] is a
    /// matrix-vector product ([M]); [K] · [K, N] a vector-matrix product ([N]); [..., M, K] · [..., K, N] gives
    /// [..., M, N] with the batch dimensions broadcast (a 1-D operand takes part as a matrix with the size-1
    /// dimension removed again from the result). Strided operands (a transpose, a slice) are read in place.
    /// ∂/∂a = g · bᵀ, ∂/∂b = aᵀ · g, summed over broadcast batch dimensions.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An operand is 0-d, the inner dimensions differ (<c>matmul: cannot multiply [2, 3] by [4, 5]</c>), the batch
    /// dimensions cannot be broadcast, or the dtypes are not one floating-point type.
    /// </exception>
    public Tensor MatMul(Tensor other) => MatMul(this, other);

    /// <inheritdoc cref="MatMul(Tensor)"/>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        a.CheckSameDevice("matmul", b);
        var plan = MatMulPlan.Create(a, b);
        var y = Empty(plan.ResultShape, a.DType, a.Device);
        var c = new StridedBuffer(y.Storage, plan.FullShape, Autograd.Shape.SharedContiguousStrides(plan.FullShape), 0);
        a.Device.MatMul(plan.Left, plan.Right, c);
        return Graph.NeedsGrad(a, b) ? Graph.Record(y, new MmBackward0(a, b, plan)) : y;
    }

    /// <summary>
    /// Both operands viewed as batches of matrices with one common batch shape (broadcast dimensions get stride 0,
    /// a vector becomes a one-row or one-column matrix), and the shape of the result with and without those extra
    /// matrix dimensions.
    /// </summary>
    private readonly record struct MatMulPlan(StridedBuffer Left, StridedBuffer Right, int[] FullShape, int[] ResultShape, bool LeftIsVector, bool RightIsVector)
    {
        public static MatMulPlan Create(Tensor a, Tensor b)
        {
            if (a.Rank == 0 || b.Rank == 0)
                throw new ArgumentException($"matmul: both operands need at least one dimension, got shapes {Autograd.Shape.Format(a._shape)} and {Autograd.Shape.Format(b._shape)}.");
            if (a.DType != b.DType || !a.DType.IsFloatingPoint())
                throw new ArgumentException($"matmul: expected two Float32 or two Float64 operands, got {a.DType.Name()} and {b.DType.Name()}.");
            bool leftVector = a.Rank == 1, rightVector = b.Rank == 1;
            // A vector on the left is a [1, K] matrix; on the right a [K, 1] matrix. The stride of the added dimension is never used.
            int[] aShape = leftVector ? [1, a._shape[0]] : a._shape, aStrides = leftVector ? [0, a._strides[0]] : a._strides;
            int[] bShape = rightVector ? [b._shape[0], 1] : b._shape, bStrides = rightVector ? [b._strides[0], 0] : b._strides;
            int m = aShape[^2], k = aShape[^1], n = bShape[^1];
            if (bShape[^2] != k)
                throw new ArgumentException($"matmul: cannot multiply {Autograd.Shape.Format(a._shape)} by {Autograd.Shape.Format(b._shape)}.");
            var batch = BatchShape(a, b, aShape.AsSpan(0, aShape.Length - 2), bShape.AsSpan(0, bShape.Length - 2));

            int[] full = [.. batch, m, n];
            // Matrix times matrix (the common case) has the full shape as its result shape.
            int[] result = !leftVector && !rightVector ? full : leftVector && rightVector ? [.. batch] : [.. batch, leftVector ? n : m];
            return new MatMulPlan(
                BroadcastBatch(a, aShape, aStrides, batch),
                BroadcastBatch(b, bShape, bStrides, batch),
                full, result, leftVector, rightVector);
        }

        private static int[] BatchShape(Tensor a, Tensor b, ReadOnlySpan<int> aBatch, ReadOnlySpan<int> bBatch)
        {
            if (aBatch.IsEmpty && bBatch.IsEmpty) return [];
            int rank = Math.Max(aBatch.Length, bBatch.Length);
            var batch = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int da = i < rank - aBatch.Length ? 1 : aBatch[i - (rank - aBatch.Length)];
                int db = i < rank - bBatch.Length ? 1 : bBatch[i - (rank - bBatch.Length)];
                if (da != db && da != 1 && db != 1)
                    throw new ArgumentException(
                        $"matmul: the batch dimensions of {Autograd.Shape.Format(a._shape)} and {Autograd.Shape.Format(b._shape)} cannot be broadcast ({da} vs {db}).");
                batch[i] = da == 1 ? db : da;
            }
            return batch;
        }

        private static StridedBuffer BroadcastBatch(Tensor t, int[] shape, int[] strides, int[] batch)
        {
            // A matrix that is already of the batch's rank keeps its own (never written) shape and strides.
            if (shape.Length == batch.Length + 2 && shape.AsSpan(0, batch.Length).SequenceEqual(batch))
                return new StridedBuffer(t.Storage, shape, strides, t._offset);
            int[] target = [.. batch, shape[^2], shape[^1]];
            return new StridedBuffer(t.Storage, target, Elementwise.BroadcastStrides(shape, strides, target), t._offset);
        }
    }

    /// <summary>
    /// Backward of every matmul case, in one node. Named after the product PyTorch reduces the case to: DotBackward0
    /// (1-D · 1-D), MvBackward0 (matrix · vector), MmBackward0 (2-D · 2-D, and vector · matrix, where PyTorch's result
    /// shows the squeeze that follows the product), BmmBackward0 (batched).
    /// </summary>
    private sealed class MmBackward0 : Node
    {
        private readonly SavedTensor? _a, _b;
        private readonly int[] _aShape, _bShape, _fullShape;
        private readonly bool _leftVector, _rightVector, _aColumnMajor, _bColumnMajor;

        public MmBackward0(Tensor a, Tensor b, MatMulPlan plan) : base(a, b)
        {
            if (NeedsInputGrad(1)) _a = Save(a);
            if (NeedsInputGrad(0)) _b = Save(b);
            (_aShape, _bShape, _fullShape) = (a.ShapeArray, b.ShapeArray, plan.FullShape);
            (_leftVector, _rightVector) = (plan.LeftIsVector, plan.RightIsVector);
            (_aColumnMajor, _bColumnMajor) = (IsColumnMajor(a), IsColumnMajor(b));
        }

        /// <summary>
        /// A matrix stored column by column, like the transposed weight of a linear layer. Its gradient is computed as
        /// the transpose of a row-major product, so it has the operand's layout, as PyTorch's mm backward does: the
        /// weight's own gradient then comes out dense and is stored without a transposing copy.
        /// </summary>
        private static bool IsColumnMajor(Tensor t) =>
            t.Rank == 2 && t.ShapeArray[0] > 1 && t.ShapeArray[1] > 1 && t.StridesArray[0] == 1 && t.StridesArray[1] == t.ShapeArray[0];

        public override string Name => (_aShape.Length, _bShape.Length) switch
        {
            (1, 1) => "DotBackward0",
            (2, 1) => "MvBackward0",
            (<= 2, 2) => "MmBackward0",
            _ => "BmmBackward0",
        };

        protected internal override Tensor?[] Backward(Tensor g)
        {
            // Work with the operands as matrices: g as [..., M, N], a vector as a one-row/one-column matrix.
            var gMatrix = g.Reshape(_fullShape);
            Tensor? gradA = null, gradB = null;
            if (_b is not null)
            {
                var b = _rightVector ? _b.Unpack().Reshape(_bShape[0], 1) : _b.Unpack();
                gradA = _aColumnMajor ? MatMul(b, gMatrix.Transpose(-1, -2)).Transpose(-1, -2) : MatMul(gMatrix, b.Transpose(-1, -2));
                if (_leftVector) gradA = gradA.Reshape(DropDim(gradA.ShapeArray, gradA.Rank - 2));
            }
            if (_a is not null)
            {
                var a = _leftVector ? _a.Unpack().Reshape(1, _aShape[0]) : _a.Unpack();
                gradB = _bColumnMajor ? MatMul(gMatrix.Transpose(-1, -2), a).Transpose(-1, -2) : MatMul(a.Transpose(-1, -2), gMatrix);
                if (_rightVector) gradB = gradB.Reshape(DropDim(gradB.ShapeArray, gradB.Rank - 1));
            }
            // Batch dimensions that were broadcast are summed back by the engine.
            return [gradA, gradB];
        }

        private static int[] DropDim(int[] shape, int dim) => [.. shape[..dim], .. shape[(dim + 1)..]];
    }
}
