namespace Autograd;

public sealed partial class Tensor
{
    /// <summary>
    /// Up to <paramref name="chunks"/> views along <paramref name="dim"/>, each of ⌈size / chunks⌉ elements except a
    /// smaller last one, as <c>torch.chunk</c> (so fewer chunks may come back: a size of 6 in 4 chunks gives 2, 2, 2).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="chunks"/> is not positive.</exception>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        int d = SplitDim("chunk", dim);
        if (chunks <= 0) throw new ArgumentException($"chunk: the number of chunks must be positive, got {chunks}.");
        int size = _shape[d];
        int splitSize = (size + chunks - 1) / chunks;
        // An empty dimension still yields the requested number of (empty) chunks, as in PyTorch.
        return splitSize == 0 ? Split(new int[chunks], d) : Split(splitSize, d);
    }
}
