/** @module web/components/form.test — API errors land on the field they name; generated passwords. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { fieldProps, formError, generatePassword } from './form';

describe('formError', () => {
  const fields = ['username', 'password', 'role'];
  it('zod\'s "body.FIELD: message" goes to that field, with the message alone', () => {
    expect(formError(new ApiError(400, 'GH_ERR_INVALID', 'body.password: Too small: expected string to have >=12 characters'), fields))
      .toEqual({ field: 'password', message: 'Too small: expected string to have >=12 characters', code: 'GH_ERR_INVALID' });
    expect(formError(new ApiError(400, 'GH_ERR_INVALID', 'body.orgIds.0: Too small'), [...fields, 'orgIds'])?.field).toBe('orgIds');
  });
  it('a field the form does not have, or another shape, goes under the form; a mapped code goes to its field', () => {
    expect(formError(new ApiError(400, 'GH_ERR_INVALID', 'body.parentId: bad'), fields)).toEqual({ field: null, message: 'body.parentId: bad', code: 'GH_ERR_INVALID' });
    expect(formError(new ApiError(403, 'GH_ERR_FORBIDDEN', 'admins only'), fields)?.field).toBeNull();
    expect(formError(new ApiError(409, 'GH_ERR_CONFLICT', 'user "a" exists'), fields, { GH_ERR_CONFLICT: 'username' }))
      .toEqual({ field: 'username', message: 'user "a" exists', code: 'GH_ERR_CONFLICT' });
    expect(formError(new Error('boom'), fields)).toEqual({ field: null, message: 'boom', code: 'GH_ERR_INTERNAL' });
    expect(formError(null, fields)).toBeNull();
  });
  it('fieldProps marks only the erroneous input and ties it to its message', () => {
    const err = formError(new ApiError(400, 'GH_ERR_INVALID', 'body.role: Invalid option'), fields);
    expect(fieldProps(err, 'role', 'user-role')).toEqual({ 'aria-invalid': true, 'aria-describedby': 'user-role-err' });
    expect(fieldProps(err, 'username', 'user-name')).toEqual({});
  });
});

describe('generatePassword', () => {
  it('20 characters by default, only from the alphabet without look-alikes, never the same twice', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(generatePassword()).not.toBe(a);
  });
  it('rejects biased bytes (≥ 224 for 56 characters) instead of folding them', () => {
    let n = 0;
    // every other byte is 255 (rejected); the rest count up
    const pw = generatePassword(12, (b) => b.map(() => (n++ % 2 === 0 ? 255 : (n >> 1) % 56)));
    expect(pw).toHaveLength(12);
    expect(pw).toBe('bcdefghijkmn');
  });
});
