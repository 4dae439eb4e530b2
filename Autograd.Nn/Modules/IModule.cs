namespace Autograd.Nn;

/// <summary>A module with one input and one output, the building block <see cref="Sequential"/> chains.</summary>
public interface IModule
{
    /// <summary>Computes the module's output for <paramref name="input"/>, recording the graph when grad mode is on.</summary>
    Tensor Forward(Tensor input);
}
