namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>Copies the elements to a new host array in row-major order. <typeparamref name="T"/> must match <see cref="DType"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        CheckElementType<T>("ToArray");
        var result = new T[Numel];
        Device.Download<T>(Buffer, result);
        return result;
    }

    /// <summary>
    /// Copies the elements into the first <see cref="Numel"/> places of <paramref name="destination"/> in row-major
    /// order, without allocating (a stack or pooled buffer can receive them). <typeparamref name="T"/> must match
    /// <see cref="DType"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Numel"/>.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the element type.</exception>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>("CopyTo");
        if (destination.Length < Numel)
            throw new ArgumentException($"CopyTo: the destination holds {destination.Length} elements, but the {DType.Name()} {Autograd.Shape.Format(_shape)} tensor has {Numel}.",
                nameof(destination));
        Device.Download<T>(Buffer, destination[..Numel]);
    }

    /// <summary>The elements converted to double (any dtype), row-major.</summary>
    public double[] ToDoubleArray()
    {
        if (DType == DType.Float64) return ToArray<double>();
        using var converted = To(DType.Float64);
        return converted.ToArray<double>();
    }

    /// <summary>The elements converted to float (any dtype), row-major.</summary>
    public float[] ToFloatArray()
    {
        if (DType == DType.Float32) return ToArray<float>();
        using var converted = To(DType.Float32);
        return converted.ToArray<float>();
    }

    /// <summary>The value of a one-element tensor (<c>tensor.item()</c>).</summary>
    public T Item<T>() where T : unmanaged
    {
        if (Numel != 1)
            throw new InvalidOperationException($"Item: only one-element tensors can be converted to a scalar, this one has shape {Autograd.Shape.Format(_shape)}.");
        return ToArray<T>()[0];
    }

    /// <summary>The value of a one-element tensor as a double, whatever its dtype.</summary>
    public double Item() => ToDoubleArray() is [var v] ? v
        : throw new InvalidOperationException($"Item: only one-element tensors can be converted to a scalar, this one has shape {Autograd.Shape.Format(_shape)}.");

    private void CheckElementType<T>(string op)
    {
        var expected = DType switch
        {
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            DType.Int32 => typeof(int),
            _ => typeof(bool),
        };
        if (typeof(T) != expected)
            throw new InvalidOperationException($"{op}<{typeof(T).Name}>: the tensor holds {DType.Name()} elements ({expected.Name}).");
    }

    /// <summary>A dense row-major tensor with the same values: this tensor itself when it already is one.</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A copy with its own storage. Differentiable: the gradient passes through unchanged.</summary>
    public Tensor Clone()
    {
        var result = Empty(_shape, DType, Device);
        Device.Copy(Buffer, result.Buffer);
        return Graph.NeedsGrad(this) ? Graph.Record(result, new CloneBackward0(this)) : result;
    }

    private sealed class CloneBackward0(Tensor x) : Node(x)
    {
        protected internal override Tensor?[] Backward(Tensor g) => [g];
    }

    /// <summary>This tensor converted to another dtype (itself if it already has it). Differentiable between float types.</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType) return this;
        var result = Empty(_shape, dtype, Device);
        Device.Copy(Buffer, result.Buffer);
        return Graph.NeedsGrad(this) && dtype.IsFloatingPoint() ? Graph.Record(result, new ToCopyBackward0(this)) : result;
    }

    /// <summary>A copy of this tensor on another device (itself if already there). Differentiable.</summary>
    public Tensor To(Device device)
    {
        if (ReferenceEquals(device, Device)) return this;
        // ToArray reads a strided view in row-major order, so a non-contiguous tensor needs no temporary copy here.
        var result = Empty(_shape, DType, device);
        switch (DType)
        {
            case DType.Float32: device.Upload<float>(ToArray<float>(), result.Storage); break;
            case DType.Float64: device.Upload<double>(ToArray<double>(), result.Storage); break;
            case DType.Int32: device.Upload<int>(ToArray<int>(), result.Storage); break;
            default: device.Upload<bool>(ToArray<bool>(), result.Storage); break;
        }
        return Graph.NeedsGrad(this) ? Graph.Record(result, new ToCopyBackward0(this)) : result;
    }

    /// <summary>
    /// Makes this leaf a handle on <paramref name="source"/>'s elements, keeping its identity: the same object, with
    /// its <see cref="RequiresGrad"/>, <see cref="Grad"/> and hooks (PyTorch's <c>tensor.data = source</c>). This is how
    /// a module moves its parameters to another device without breaking an optimizer that already holds them.
    /// The old elements are released; views taken before keep them.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tensor is not a leaf.</exception>
    /// <exception cref="ArgumentException">The shapes or dtypes differ.</exception>
    public void SetData(Tensor source)
    {
        if (!IsLeaf)
            throw new InvalidOperationException($"SetData: only a leaf's data can be replaced; this tensor was computed by {GradFn!.Name}.");
        if (!Autograd.Shape.Equal(_shape, source._shape) || DType != source.DType)
            throw new ArgumentException(
                $"SetData: the new data ({source.DType.Name()} {Autograd.Shape.Format(source._shape)}) must have this tensor's shape and dtype ({DType.Name()} {Autograd.Shape.Format(_shape)}).");
        var storage = source.Storage;
        storage.AddReference();
        var old = Interlocked.Exchange(ref _storage, storage);
        _strides = source._strides;
        _offset = source._offset;
        old?.Release();
    }

    /// <summary>Casts (or moves) the gradient back to the input's dtype and device.</summary>
    private sealed class ToCopyBackward0(Tensor x) : Node(x)
    {
        private readonly DType _dtype = x.DType;
        private readonly Device _device = x.Device;

        protected internal override Tensor?[] Backward(Tensor g) => [g.To(_device).To(_dtype)];
    }
}
