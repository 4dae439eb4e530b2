namespace Autograd.Gpu;

/// <summary>
/// A device allocation failed even after the cache of free blocks was released. The tensors that existed before
/// are untouched; free some (dispose them or leave a <see cref="TensorScope"/>) or use smaller batches.
/// </summary>
public sealed class DeviceOutOfMemoryException(string message) : Exception(message)
{
}
