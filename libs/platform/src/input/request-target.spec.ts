import { unreadableRequestTarget } from './request-target';

describe('the request target', () => {
  it.each([
    '/v1/zones/suzhou-industrial-park',
    '/v1/zones?province=%E6%B1%9F%E8%8B%8F&q=Suzhou+Park&limit=20',
    '/v1/zones?q=100%25',
    '/',
  ])('reads %s', (url) => {
    expect(unreadableRequestTarget(url)).toBeUndefined();
  });

  it.each([
    ['/v1/zones/a%00b', 'the path holds a control character (U+0000)'],
    ['/v1/zones?q=%00', 'the query holds a control character (U+0000)'],
    ['/v1/zones?q=a%0Ab', 'the query holds a line break or tab'],
    ['/v1/zones/%ED%A0%80', 'the path holds a percent escape that is not UTF-8'],
    ['/v1/zones?q=%FF', 'the query holds a percent escape that is not UTF-8'],
    ['/v1/zones?q=%E6%B1', 'the query holds a percent escape that is not UTF-8'],
    ['/v1/zones?%00=1', 'the query holds a control character (U+0000)'],
  ])('refuses %s', (url, problem) => {
    expect(unreadableRequestTarget(url)).toBe(problem);
  });
});
