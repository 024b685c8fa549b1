const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const relativeTime = require('dayjs/plugin/relativeTime');
require('dayjs/locale/fr');
dayjs.extend(utc);
dayjs.extend(relativeTime);

const d = dayjs.utc('2024-02-28T13:45:00Z');
console.log(d.format('YYYY-MM-DD HH:mm:ss [UTC] dddd'), d.add(2, 'day').format('YYYY-MM-DD'));
console.log(d.startOf('month').toISOString(), d.endOf('year').toISOString());
console.log(d.diff(dayjs.utc('2023-12-25T00:00:00Z'), 'day'), d.isBefore(d.add(1, 'ms')));
console.log(d.locale('fr').format('dddd D MMMM YYYY'), dayjs.utc('2024-01-01').from(dayjs.utc('2024-03-01'), true));
console.log(dayjs('2024-13-45').isValid(), dayjs.isDayjs(d), d.valueOf());
