namespace Forecasting.Core.Trends;

/// <summary>ISO weeks (Monday to Sunday), named by their Monday.</summary>
public static class IsoWeeks
{
    /// <summary>The Monday of the week of <paramref name="day"/>. <see cref="DateOnly.DayNumber"/> 0 (0001-01-01) is a
    /// Monday, so in SQL the same week is <c>day - day % 7</c> over day numbers.</summary>
    public static DateOnly Monday(DateOnly day) => DateOnly.FromDayNumber(day.DayNumber - (day.DayNumber % 7));

    /// <summary>The last complete week on or before <paramref name="lastDay"/>: its Monday.</summary>
    public static DateOnly LastComplete(DateOnly lastDay) => Monday(lastDay.AddDays(1)).AddDays(-7);

    /// <summary>The ISO 8601 week name, e.g. <c>2025-W03</c>.</summary>
    public static string Name(DateOnly monday) =>
        $"{System.Globalization.ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{System.Globalization.ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):D2}";
}
