// Start-up with a dependency graph: import express (and its packages).
import express from 'express';

if (typeof express === 'function') console.log('hi');
