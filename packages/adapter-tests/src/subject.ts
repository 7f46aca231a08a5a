import type { Repositories } from '@portcullis/core';

/**
 * What an adapter hands to the contract suite: its repositories and, optionally, how to
 * release what the factory opened (a pool, a temporary schema...).
 */
export interface ContractSubject {
  readonly repos: Repositories;
  readonly close?: () => Promise<void> | void;
}

/** Builds the subject under test; called once per suite, before its first test. */
export type ContractSubjectFactory = () => Promise<ContractSubject> | ContractSubject;

/**
 * Lazily reads the repositories of the running suite. Tests call it inside their bodies,
 * after `beforeAll` has run the factory.
 */
export type ReposAccessor = () => Repositories;
