using Autograd.Nn;
using Autograd.Nn.Config;
using Autograd.Nn.Data;

namespace Autograd.Cli.Training;

/// <summary>Builds the model a config names, sized for a dataset's samples and classes.</summary>
internal static class ModelBuilder
{
    /// <summary>
    /// <c>mlp</c>: [B, F] → Linear → ReLU (→ Dropout) per <c>MLP_HIDDEN</c> width → Linear to the classes.
    /// <c>cnn</c>: [B, F] → Unflatten to [B, C, H, W] → per <c>CONV_CHANNELS</c> a 3×3 convolution (padding 1), ReLU and
    /// 2×2 max-pool → Flatten → the same fully connected head as the MLP.
    /// </summary>
    public static Sequential Build(TrainingConfig config, Dataset data, Generator generator)
    {
        var model = new Sequential();
        int features = data.FeatureCount;
        if (config.Model == "cnn")
        {
            int channels = data.SampleShape[0], height = data.SampleShape[1], width = data.SampleShape[2];
            model.Add(new Unflatten(1, channels, height, width));
            for (int block = 0; block < config.ConvChannels.Length; block++)
            {
                int outChannels = config.ConvChannels[block];
                if (height < 2 || width < 2)
                    throw new ConfigException(config.LocationOf("CONV_CHANNELS") ?? new ConfigLocation("CONV_CHANNELS (default)", 0, 0),
                        $"CONV_CHANNELS has {config.ConvChannels.Length} blocks, but {data.Name} images of " +
                        $"{Autograd.Shape.Format(data.SampleShape.ToArray())} are pooled down to {height}×{width} by the first {block}, " +
                        $"too small for another 2×2 pool; use at most {block} blocks", "CONV_CHANNELS");
                model.Add(new Conv2d(channels, outChannels, kernelSize: 3, padding: 1, generator: generator));
                model.Add(new ReLU());
                model.Add(new MaxPool2d(2));
                (channels, height, width) = (outChannels, height / 2, width / 2);
            }
            model.Add(new Flatten());
            features = channels * height * width;
        }
        foreach (int hidden in config.MlpHidden)
        {
            model.Add(new Linear(features, hidden, generator: generator));
            model.Add(new ReLU());
            if (config.DropoutR > 0) model.Add(new Dropout(config.DropoutR, generator));
            features = hidden;
        }
        model.Add(new Linear(features, data.ClassCount, generator: generator));
        return model;
    }
}
