using Forecasting.Pipeline.Scheduling;
using Microsoft.Extensions.Options;

namespace Forecasting.Pipeline.Hosting;

/// <summary>Validates <see cref="ServiceOptions"/> with the rules of <see cref="ServiceOptions.Errors"/>: one
/// failure per bad setting, each naming its configuration key (e.g. <c>Forecasting:Shards must be between 1 and
/// 4096 (was 0).</c>).</summary>
public sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Errors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
