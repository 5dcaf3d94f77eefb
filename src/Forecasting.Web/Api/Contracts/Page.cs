using System.Text.Json.Serialization;

namespace Forecasting.Web.Api.Contracts;

/// <summary>
/// One page of a paged listing: the <paramref name="Total"/> number of matching items over all pages, the page
/// number (1-based, <c>page</c> on the wire) and size the client asked for, and the items of this page in order.
/// Open (not sealed) only so a listing can add what the whole result shares, e.g. <see cref="ForecastSeriesPage"/>'s run.
/// </summary>
public record Page<T>(int Total, [property: JsonPropertyName("page")] int PageNumber, int PageSize, IReadOnlyList<T> Items);
