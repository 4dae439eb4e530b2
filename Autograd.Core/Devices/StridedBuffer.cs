namespace Autograd;

/// <summary>
/// What a device kernel sees of a tensor: its storage plus the shape, element strides and offset of the view.
/// Element (i0, i1, …) lives at <c>Offset + Σ ik·Strides[k]</c>; a stride of 0 is a broadcast dimension.
/// </summary>
public readonly record struct StridedBuffer(Storage Storage, int[] Shape, int[] Strides, int Offset)
{
    /// <summary>Number of elements the view covers.</summary>
    public int Count => Autograd.Shape.Numel(Shape);

    /// <summary>The element type of the storage.</summary>
    public DType DType => Storage.DType;

    /// <summary>True when the view is dense and row-major, so a kernel may treat it as one flat span.</summary>
    public bool IsContiguous => Autograd.Shape.IsContiguous(Shape, Strides);
}
