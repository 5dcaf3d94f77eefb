using Forecasting.Core.Forecasting.Calibration;

namespace Forecasting.Core.Forecasting.Models.LeadingIndicator;

/// <summary>Settings of the leading-indicator model (<see cref="LeadingIndicatorModel"/>).</summary>
public sealed record LeadingIndicatorOptions
{
    /// <summary>Training rows (series x origin) sampled at most; rows whose interest moved are kept 5 times as often, weighted back.</summary>
    /// <value>150,000.</value>
    public int MaxTrainingRows { get; init; } = 150_000;

    /// <summary>Days between training origins of a series.</summary>
    /// <value>7.</value>
    public int OriginStep { get; init; } = 7;

    /// <summary>Ridge penalty on every coefficient but the intercept.</summary>
    /// <value>10.</value>
    public double Ridge { get; init; } = 10;

    /// <summary>Horizon buckets with their own coefficients (the lag between interest and units differs by step).</summary>
    /// <value>4.</value>
    public int HorizonBuckets { get; init; } = 4;

    /// <summary>The interest model is used only when its hold-out error is below the sales-only model's by this share.</summary>
    /// <value>0.005.</value>
    public double MinValidationGain { get; init; } = 0.005;

    /// <summary>Strength of the prior that a series converts interest like the rest (in squared log uplifts of its own past).</summary>
    /// <value>0.25.</value>
    public double ConversionPrior { get; init; } = 0.25;

    /// <summary>Multiplier bounds of the uplift on the baseline forecast.</summary>
    /// <value>0.25 and 8.</value>
    public double MinUplift { get; init; } = 0.25;

    /// <inheritdoc cref="MinUplift"/>
    public double MaxUplift { get; init; } = 8;

    /// <summary>Segment-conformal calibration of the forecasts the model set, on its own errors at past origins
    /// (<see cref="CalibrationOrigins"/>); null keeps the pipeline's bands carried to the new means.</summary>
    /// <value>Calibration with <see cref="CalibrationOptions.ClampAtForecast"/>.</value>
    public CalibrationOptions? Calibration { get; init; } = new() { ClampAtForecast = true };

    /// <summary>Past origins (whole weeks of at least a horizon apart) each series is forecast again at for calibration.</summary>
    /// <value>3.</value>
    public int CalibrationOrigins { get; init; } = 3;

    public void Validate()
    {
        Calibration?.Validate();
        if (MaxTrainingRows < 1_000 || OriginStep < 1 || HorizonBuckets < 1 || !(Ridge >= 0) || !(ConversionPrior > 0)
            || !(MinUplift is > 0 and <= 1) || !(MaxUplift >= 1) || !(MinValidationGain is >= 0 and < 1) || CalibrationOrigins < 1)
        {
            throw new ArgumentException("Leading-indicator options: MaxTrainingRows >= 1000, OriginStep and HorizonBuckets >= 1, Ridge >= 0, ConversionPrior > 0, 0 < MinUplift <= 1 <= MaxUplift, 0 <= MinValidationGain < 1, CalibrationOrigins >= 1.");
        }
    }
}
