/** Invented name parts for synthetic people. Combined at random, they describe nobody real. */
export const GIVEN_NAMES = [
  'Aisha', 'Daniel', 'Margaret', 'Oliver', 'Amelia', 'Kwame', 'Niamh', 'Tariq', 'Eleanor', 'Rhys', 'Mei', 'Joseph', 'Harriet', 'Sanjay',
  'Bethan', 'Callum', 'Zainab', 'Frances', 'Dylan', 'Ifeoma', 'Gwen', 'Hamza', 'Isla', 'Jacob', 'Kiran', 'Lena', 'Mohammed', 'Nora',
  'Patrick', 'Rosa', 'Stanley', 'Tamsin', 'Usman', 'Violet', 'Wiktor', 'Yasmin', 'Arthur', 'Bronwen', 'Cyril', 'Delia',
];
export const FAMILY_NAMES = [
  'Khan', 'Brooks', 'Owen', 'Adeyemi', 'Fletcher', 'Nowak', 'Chowdhury', 'MacLeod', 'Pritchard', 'Osei', 'Harrington', 'Lin', 'Mensah',
  'Doyle', 'Patel', 'Rowntree', 'Sokolova', 'Thorne', 'Umeh', 'Varga', 'Whitlock', 'Yilmaz', 'Abbott', 'Baptiste', 'Carmody', 'Dunmore',
  'Ellery', 'Fairweather', 'Gillard', 'Hollis', 'Iqbal', 'Jarvis', 'Kowalczyk', 'Larkin', 'Mwangi', 'Northcott', 'Okonkwo', 'Pennant',
];
export const STREETS = ['Mill Lane', 'Orchard Road', 'Canal Street', 'Beacon Close', 'Willow Way', 'Station Road', 'Chapel Row', 'Heather Drive'];
export const TOWN = 'Northbridge';
