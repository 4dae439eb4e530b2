using Autograd.Kernels;

namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>x += other in place (other broadcasts to x's shape). Bumps the version counter.</summary>
    public Tensor AddInPlace(Tensor other) => InPlace("add_", other, new AddOp(), 0, static (a, b, _) => new AddBackward0(a, b));

    /// <summary>
    /// x += α·other in place (PyTorch's <c>add_(other, alpha=α)</c>), evaluated as x + (α·other) in one pass; other
    /// broadcasts to x's shape. ∂/∂x = 1, ∂/∂other = α.
    /// </summary>
    public Tensor AddInPlace(Tensor other, double alpha) =>
        InPlace("add_", other, Lanes.Of(new ScaledAddOp(alpha)), alpha, static (a, b, s) => new AlphaAddBackward0(a, b, s));

    /// <summary>x += s in place.</summary>
    public Tensor AddInPlace(double s)
    {
        if (TryScalarInPlace("add_", new AddOp(), s)) return this;
        using var b = Elementwise.ScalarFor(this, s);
        return AddInPlace(b);
    }

    /// <summary>x −= other in place.</summary>
    public Tensor SubInPlace(Tensor other) => InPlace("sub_", other, new SubOp(), 0, static (a, b, _) => new SubBackward0(a, b));

    /// <summary>
    /// x ·= other in place. When other requires grad, its gradient g·x needs x from before the write, so (as PyTorch
    /// does) a copy of x is saved.
    /// </summary>
    public Tensor MulInPlace(Tensor other) => InPlace("mul_", other, new MulOp(), 0, static (a, b, _) => new MulBackward0(a, b, aIsOverwritten: true));

    /// <summary>x ·= s in place.</summary>
    public Tensor MulInPlace(double s)
    {
        if (TryScalarInPlace("mul_", new MulOp(), s)) return this;
        using var b = Elementwise.ScalarFor(this, s);
        return MulInPlace(b);
    }

    /// <summary>
    /// x /= other in place. When other requires grad, its gradient −g·x/other² needs x from before the write, so (as
    /// PyTorch does) a copy of x is saved.
    /// </summary>
    public Tensor DivInPlace(Tensor other) => InPlace("div_", other, new DivOp(), 0, static (a, b, _) => new DivBackward0(a, b, aIsOverwritten: true));

    /// <summary>x /= s in place. As in PyTorch, true division of an integer tensor cannot be stored back into it.</summary>
    /// <exception cref="ArgumentException">The tensor is not floating-point.</exception>
    public Tensor DivInPlace(double s)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"div_: the quotient of the {DType.Name()} tensor of shape {Autograd.Shape.Format(_shape)} is floating-point, so it cannot be stored in that tensor in place.");
        if (TryScalarInPlace("div_", new DivOp(), s)) return this;
        using var b = Elementwise.ScalarFor(this, s);
        return DivInPlace(b);
    }

    /// <summary>
    /// Every element set to <paramref name="value"/>, in place. A tensor with history keeps a place in the graph,
    /// as in PyTorch: the gradient to what it was before is zero.
    /// </summary>
    public Tensor FillInPlace(double value) => Fill("fill_", "FillBackward0", value);

    /// <summary>Every element set to zero, in place (PyTorch's <c>zero_</c>); see <see cref="FillInPlace"/>.</summary>
    public Tensor ZeroInPlace() => Fill("zero_", "ZeroBackward0", 0);

    private Tensor Fill(string name, string nodeName, double value)
    {
        CheckInPlace(name, null);
        Node? node = Graph.NeedsGrad(this) ? new OverwriteBackward(nodeName, this) : null;
        Device.Fill(Buffer, value);
        Storage.BumpVersion();
        if (node is not null) Graph.Record(this, node);
        return this;
    }

    /// <summary>
    /// Copies <paramref name="src"/> (broadcast to this shape, cast to this dtype) into this tensor, in place.
    /// ∂/∂src = the gradient summed back to src's shape; the gradient to this tensor's previous value is zero.
    /// </summary>
    public Tensor CopyFrom(Tensor src)
    {
        CheckInPlace("copy_", src);
        CheckSameDevice("copy_", src);
        Autograd.Shape.Broadcast("copy_", _shape, src._shape);
        CheckNoPartialOverlap("copy_", src);
        Node? node = Graph.NeedsGrad(this, src) ? new CopyBackwards(this, src) : null;
        var view = Elementwise.Broadcast(src, _shape);
        Device.Copy(view, Buffer);
        Storage.BumpVersion();
        if (node is not null) Graph.Record(this, node);
        return this;
    }

    /// <summary>PyTorch names the node of an add with alpha AddBackward0, like the plain add's.</summary>
    private sealed class AlphaAddBackward0(Tensor a, Tensor b, double alpha) : Node(a, b)
    {
        public override string Name => "AddBackward0";

        protected internal override Tensor?[] Backward(Tensor g) => [g, NeedsInputGrad(1) ? g * alpha : null];
    }

    private sealed class CopyBackwards(Tensor self, Tensor src) : Node(self, src)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [NeedsInputGrad(0) ? ZerosLike(g) : null, NeedsInputGrad(1) ? g : null];
    }

    /// <summary>The node of an op that overwrites every element with a constant (fill_, zero_): nothing flows back.</summary>
    private sealed class OverwriteBackward(string name, Tensor self) : Node(self)
    {
        public override string Name => name;

        protected internal override Tensor?[] Backward(Tensor g) => [ZerosLike(g)];
    }

    /// <summary>
    /// x ← op(x, other) in place. <paramref name="scalar"/> is handed to the node factory, so ops with a scalar
    /// argument (alpha, a lerp weight) pass static lambdas and no closure is allocated per call.
    /// </summary>
    private Tensor InPlace<TOp>(string name, Tensor other, TOp op, double scalar, Func<Tensor, Tensor, double, Node> backward)
        where TOp : struct, IBinaryOp
    {
        CheckInPlace(name, other);
        CheckInPlaceOperand(name, other);
        CheckNoPartialOverlap(name, other);
        Node? node = Graph.NeedsGrad(this, other) ? backward(this, other, scalar) : null;
        var b = InPlaceOperand(other);
        Device.Zip(op, Buffer, Elementwise.Broadcast(b, _shape), Buffer);
        if (!ReferenceEquals(b, other)) b.Dispose();
        Storage.BumpVersion();
        if (node is not null) Graph.Record(this, node);
        return this;
    }

    /// <summary>
    /// x op= s for a scalar s straight through the kernel, without a 0-d tensor for s, when there is no gradient to
    /// record and x is floating-point (where the scalar op rounds exactly as the tensor op does); false otherwise.
    /// </summary>
    private bool TryScalarInPlace<TOp>(string name, TOp op, double s) where TOp : struct, IVectorBinaryOp
    {
        if (Graph.NeedsGrad(this) || !DType.IsFloatingPoint()) return false;
        CheckInPlace(name, null);
        Device.Map(new ScalarOperandOp<TOp>(op, s), Buffer, Buffer);
        Storage.BumpVersion();
        return true;
    }

    /// <summary>Throws unless <paramref name="other"/> broadcasts to this shape and its dtype can be stored in this tensor.</summary>
    private void CheckInPlaceOperand(string name, Tensor other)
    {
        CheckSameDevice(name, other);
        if (!Autograd.Shape.Equal(_shape, other._shape))
        {
            var shape = Autograd.Shape.Broadcast(name, _shape, other._shape);
            if (!Autograd.Shape.Equal(shape, _shape))
                throw new ArgumentException($"{name}: the result shape {Autograd.Shape.Format(shape)} differs from the in-place target's shape {Autograd.Shape.Format(_shape)}.");
        }
        var dtype = DTypes.ResultType(DType, Rank, other.DType, other.Rank);
        if (dtype != DType && !(DType.IsFloatingPoint() && dtype.IsFloatingPoint()))
            throw new ArgumentException($"{name}: the result type {dtype.Name()} cannot be stored in a {DType.Name()} tensor in place.");
    }

    /// <summary>
    /// x += f(t₁, t₂) in place for a binary kernel f (addcmul_, addcdiv_) on a floating-point x. The device's kernels
    /// take two operands, so f is evaluated into a temporary buffer first; the buffer comes from the device's pool and
    /// needs no tensor handle. <paramref name="value"/> is handed to the node factory, as in <see cref="InPlace"/>.
    /// </summary>
    private Tensor AddInPlaceOf<TOp>(string name, TOp op, Tensor tensor1, Tensor tensor2, double value,
        Func<Tensor, Tensor, Tensor, double, Node> backward) where TOp : struct, IBinaryOp
    {
        Elementwise.RequireFloat(name, this);
        CheckInPlace(name, tensor1);
        CheckInPlace(name, tensor2);
        CheckInPlaceOperand(name, tensor1);
        CheckInPlaceOperand(name, tensor2);
        CheckNoPartialOverlap(name, tensor1);
        CheckNoPartialOverlap(name, tensor2);
        Node? node = Graph.NeedsGrad([this, tensor1, tensor2]) ? backward(this, tensor1, tensor2, value) : null;
        var a = InPlaceOperand(tensor1);
        var b = InPlaceOperand(tensor2);
        AddResultOf(op, Elementwise.Broadcast(a, _shape), Elementwise.Broadcast(b, _shape));
        if (!ReferenceEquals(a, tensor1)) a.Dispose();
        if (!ReferenceEquals(b, tensor2)) b.Dispose();
        Storage.BumpVersion();
        if (node is not null) Graph.Record(this, node);
        return this;
    }

    /// <summary>
    /// x += f(a, b) for operands already laid out in x's shape. The device's kernels take two operands, so f is
    /// evaluated into a temporary buffer from the device's pool (no tensor handle) and then added, as PyTorch's
    /// addcmul_ and addcdiv_ add their product or quotient. The caller bumps the version.
    /// </summary>
    private void AddResultOf<TOp>(TOp op, in StridedBuffer a, in StridedBuffer b) where TOp : struct, IBinaryOp
    {
        var temp = Device.Allocate(DType, Numel);
        var result = new StridedBuffer(temp, _shape, IsContiguous ? _strides : Autograd.Shape.ContiguousStrides(_shape), 0);
        Device.Zip(op, a, b, result);
        Device.Zip(new AddOp(), Buffer, result, Buffer);
        temp.Release();
    }

    /// <summary>
    /// Refuses an operand that shares some of this tensor's memory without being laid out exactly like it (x[1:] from
    /// x[:-1], x from x.T): some of its elements would be read after the write changed them, in an order that depends
    /// on the device's threads, as PyTorch refuses too. The same tensor as operand (x += x) is fine.
    /// </summary>
    private void CheckNoPartialOverlap(string name, Tensor source)
    {
        if (!ReferenceEquals(Storage, source.Storage)) return;
        if (source._offset == _offset && Autograd.Shape.Equal(source._shape, _shape) && Autograd.Shape.Equal(source._strides, _strides)) return;
        var (first, last) = MemoryRange();
        var (sourceFirst, sourceLast) = source.MemoryRange();
        if (first <= sourceLast && sourceFirst <= last)
            throw new InvalidOperationException(
                $"{name}: the operand ({Autograd.Shape.Format(source._shape)}, strides {Autograd.Shape.Format(source._strides)}, offset {source._offset}) and the target " +
                $"({Autograd.Shape.Format(_shape)}, strides {Autograd.Shape.Format(_strides)}, offset {_offset}) share memory, so some elements would be read after being " +
                "overwritten; Clone() the operand first.");
    }

    /// <summary>The lowest and highest storage positions this view reaches (an empty range for no elements).</summary>
    private (long First, long Last) MemoryRange()
    {
        long last = _offset;
        for (int d = 0; d < _shape.Length; d++)
        {
            if (_shape[d] == 0) return (0, -1);
            last += (long)(_shape[d] - 1) * _strides[d];
        }
        return (_offset, last);
    }

    /// <summary>The operand in this tensor's dtype: itself, or a converted copy the caller must dispose.</summary>
    private Tensor InPlaceOperand(Tensor other) => other.DType == DType ? other : Elementwise.Converted(other, DType);

    /// <summary>
    /// PyTorch's rules for in-place ops: a leaf that requires grad cannot be modified while grad mode is on
    /// (its gradient would no longer describe the value the user sees); a view's history cannot be rewritten here.
    /// </summary>
    private void CheckInPlace(string name, Tensor? other)
    {
        for (int i = 0; i < _shape.Length; i++)
            if (_strides[i] == 0 && _shape[i] > 1)
                throw new InvalidOperationException(
                    $"{name}: several elements of the target {Autograd.Shape.Format(_shape)} share one memory location (dimension {i} is expanded, " +
                    "stride 0), so writing into it in place is ambiguous; Clone() it first.");
        if (!GradMode.IsEnabled) return;
        if (IsLeaf && RequiresGrad)
            throw new InvalidOperationException(
                $"{name}: a leaf tensor that requires grad ({DType.Name()} {Autograd.Shape.Format(_shape)}) cannot be modified in place while grad mode is on; " +
                "wrap the update in Tensor.NoGrad(), as optimizers do.");
        if (ViewBase is not { } viewBase) return;
        if (viewBase.IsLeaf && viewBase.RequiresGrad)
            throw new InvalidOperationException(
                $"{name}: this {Autograd.Shape.Format(_shape)} tensor is a view of a leaf tensor that requires grad ({Autograd.Shape.Format(viewBase._shape)}), " +
                "which cannot be modified in place while grad mode is on; wrap the update in Tensor.NoGrad().");
        // PyTorch rewrites the base's history here (CopySlices); this engine does not, so rather than losing the
        // gradient silently it refuses.
        if (RequiresGrad || viewBase.RequiresGrad || other?.RequiresGrad == true)
            throw new InvalidOperationException(
                $"{name}: modifying a view ({Autograd.Shape.Format(_shape)} of {Autograd.Shape.Format(viewBase._shape)}) in place is not supported when the view, its base " +
                "or the operand requires grad; use an out-of-place op, or Clone() the view first.");
    }
}
