/* NumPy data-memory handler that routes allocations through the C core's
 * buffer cache (csrc/core/bufcache.c).  Included by _core.pyx only. */
#ifndef CNNOPS_NUMPY_HANDLER_H
#define CNNOPS_NUMPY_HANDLER_H

#include <Python.h>
#include <numpy/arrayobject.h>

#include "cnnops/bufcache.h"

static void *cnnh_malloc(void *ctx, size_t size) {
  (void)ctx;
  return cnn_bufcache_malloc(size);
}
static void *cnnh_calloc(void *ctx, size_t nelem, size_t elsize) {
  (void)ctx;
  return cnn_bufcache_calloc(nelem, elsize);
}
static void *cnnh_realloc(void *ctx, void *ptr, size_t new_size) {
  (void)ctx;
  return cnn_bufcache_realloc(ptr, new_size);
}
static void cnnh_free(void *ctx, void *ptr, size_t size) {
  (void)ctx;
  cnn_bufcache_free(ptr, size);
}

/* Static: arrays keep a reference to the capsule and free through it for as
 * long as they live, so the handler must outlive every array. */
static PyDataMem_Handler cnn_numpy_handler = {
    "cnnops_bufcache", 1, {NULL, cnnh_malloc, cnnh_calloc, cnnh_realloc, cnnh_free}};

static PyObject *cnn_handler_capsule(void) {
  return PyCapsule_New(&cnn_numpy_handler, "mem_handler", NULL);
}

#endif
