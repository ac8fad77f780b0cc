export function createPeopleService() {
  return {};
}
