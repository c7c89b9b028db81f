// The calendar module's surface: the working-day calendar (overrides, shipped holiday data,
// weekday rule) and working time. It owns the table calendar_override.
export { CalendarModule } from './calendar.module.js';
export { WorkingCalendar, uncoveredYears } from './working-calendar.service.js';
export { CalendarAdmin } from './calendar-admin.service.js';
export { CalendarDay, CalendarSource, type CalendarDayValue } from './calendar.models.js';
export { parseCalendarCsv, type CalendarCsvDay } from './calendar-import-file.js';
export { shanghaiDate } from './civil-date.js';
