/** @module web/pages/ChannelForm.test — the channel form's fields become the API's config for each kind. */
import { describe, expect, it } from 'vitest';
import { channelConfig, type ChannelFields } from './ChannelForm';

const f: ChannelFields = { url: ' https://hooks.example.test/x ', secret: 'webe2e-secret-0123456789', host: ' smtp.example.test ', port: '587', from: 'gh@example.test', to: 'a@example.test, b@example.test;c@example.test  ' };

describe('channelConfig', () => {
  it('webhook: url and secret; slack: url only; e-mail: host, numeric port, from and the recipients split', () => {
    expect(channelConfig('webhook', f)).toEqual({ url: 'https://hooks.example.test/x', secret: 'webe2e-secret-0123456789' });
    expect(channelConfig('slack', f)).toEqual({ url: 'https://hooks.example.test/x' });
    expect(channelConfig('email', f)).toEqual({ host: 'smtp.example.test', port: 587, from: 'gh@example.test', to: ['a@example.test', 'b@example.test', 'c@example.test'] });
  });
});
