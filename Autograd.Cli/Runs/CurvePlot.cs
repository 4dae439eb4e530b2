using ScottPlot;
using AtomicFile = Autograd.Nn.AtomicFile;

namespace Autograd.Cli.Runs;

/// <summary>Draws the loss curves (left axis) and the test accuracy (right axis) per epoch into a PNG.</summary>
internal static class CurvePlot
{
    public static void Save(IReadOnlyList<EpochMetrics> epochs, string path, string title)
    {
        var plot = new Plot();
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();

        var train = plot.Add.Scatter(x, epochs.Select(e => e.TrainLoss).ToArray());
        train.LegendText = "train loss";

        var tested = epochs.Where(e => e.TestLoss is not null).ToArray();
        if (tested.Length > 0)
        {
            double[] tx = tested.Select(e => (double)e.Epoch).ToArray();
            var testLoss = plot.Add.Scatter(tx, tested.Select(e => e.TestLoss!.Value).ToArray());
            testLoss.LegendText = "test loss";
            var accuracy = plot.Add.Scatter(tx, tested.Select(e => e.TestAccuracy!.Value).ToArray());
            accuracy.LegendText = "test accuracy";
            accuracy.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "accuracy";
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperCenter);
        AtomicFile.WriteVia(path, ".png", temporary => plot.SavePng(temporary, 900, 540));
    }
}
